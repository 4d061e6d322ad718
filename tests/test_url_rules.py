"""URL rules that compile their builders on first use build what werkzeug's own rules build."""
from __future__ import annotations

from werkzeug.routing import Map, Rule

from simulator import create_app
from simulator.url_rules import LazyBuilderRule

RULE = "/shop/<int:number>/<path:rest>"
VALUES = {"number": 7, "rest": "a b/c", "page": "2&3"}


def test_urls_build_as_with_werkzeugs_rules_and_only_when_asked():
    lazy = Map([LazyBuilderRule(RULE, endpoint="shop")]).bind("example.test")
    eager = Map([Rule(RULE, endpoint="shop")]).bind("example.test")
    [rule] = lazy.map.iter_rules()
    assert rule._build.__closure__ is not None  # still the wrapper: nothing compiled yet
    assert lazy.build("shop", VALUES) == eager.build("shop", VALUES) == "/shop/7/a%20b/c?page=2%263"
    assert lazy.build("shop", VALUES, force_external=True) == "http://example.test/shop/7/a%20b/c?page=2%263"
    assert lazy.match("/shop/7/x/y") == ("shop", {"number": 7, "rest": "x/y"})


def test_the_app_uses_them(db_path):
    app = create_app({"db": db_path})
    # (all but Flask's own static route, added before the app can name its rule class)
    assert all(isinstance(r, LazyBuilderRule) for r in app.url_map.iter_rules()
               if r.endpoint != "static")
    with app.test_request_context():
        from flask import url_for
        assert url_for("ui.journal", account="ci 1") == "/_sim/ui/journal?account=ci+1"
