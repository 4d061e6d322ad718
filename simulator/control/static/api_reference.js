/* The API reference page: Swagger UI (bundled, served by dropsim) over one OpenAPI document,
   with the account's credentials filled in for "try it". */
(function () {
  "use strict";

  function authorize(ui, schemes) {
    Object.keys(schemes).forEach(function (scheme) {
      var value = schemes[scheme];
      if (typeof value === "string") {
        ui.preauthorizeApiKey(scheme, value);
      } else if (value.username !== undefined) {
        ui.preauthorizeBasic(scheme, value.username, value.password);
      } else if (value.token_from) {
        // A bearer token: ask the API for one with the account's client credentials.
        var server = ui.specSelectors.specJson().getIn(["servers", 0, "url"]);
        fetch(server + value.token_from, {
          method: "POST", headers: {"Content-Type": "application/json"},
          body: JSON.stringify(value.body)
        }).then(function (res) { return res.json(); }).then(function (data) {
          if (data && data.value) ui.preauthorizeApiKey(scheme, data.value);
        });
      }
    });
  }

  window.addEventListener("DOMContentLoaded", function () {
    var el = document.getElementById("swagger-ui");
    if (!el || !window.SwaggerUIBundle) return;
    var schemes = JSON.parse(el.dataset.authorize || "{}");
    var ui = window.SwaggerUIBundle({
      url: el.dataset.spec, domNode: el, deepLinking: true, tryItOutEnabled: true,
      validatorUrl: null,  // (no call to swagger.io: everything stays on this machine)
      presets: [window.SwaggerUIBundle.presets.apis],
      onComplete: function () { authorize(ui, schemes); }
    });
    window.dropsimApiReference = ui;
  });
})();
