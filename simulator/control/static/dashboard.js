/* dropsim dashboard: live regions re-fetched every few seconds, actions sent to the /_sim/
   control plane, their results shown at once. No dependencies. */
(function () {
  "use strict";

  var POLL_MS = Number(document.body.dataset.pollMs) || 2500;  // setting dashboard_poll_ms
  var account = document.body.dataset.account || "default";
  var openKeys = new Set();
  var lastHtml = new Map();
  var busy = false;

  function withAccount(url) {
    var u = new URL(url, window.location.href);
    if (!u.searchParams.has("account")) u.searchParams.set("account", account);
    return u.pathname + u.search;
  }

  function call(method, url, payload) {
    var init = {method: method, credentials: "same-origin", headers: {"Accept": "application/json"}};
    if (payload !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(payload);
    }
    return fetch(url, init).then(function (res) {
      return res.text().then(function (text) {
        var data = {};
        try { data = text ? JSON.parse(text) : {}; } catch (e) { data = {error: text}; }
        if (!res.ok) {
          var error = new Error(data.error || (res.status + " " + res.statusText));
          error.status = res.status;
          throw error;
        }
        return data;
      });
    });
  }

  // -- results -------------------------------------------------------------------------------
  var box = document.getElementById("result");

  function show(kind, title, lines) {
    if (!box) return;
    box.hidden = false;
    box.className = "result " + kind;
    box.textContent = "";
    var head = document.createElement("p");
    head.className = "result-title";
    head.textContent = title;
    box.appendChild(head);
    if (lines && lines.length) {
      var list = document.createElement("ul");
      lines.slice(0, 12).forEach(function (line) {
        var li = document.createElement("li");
        li.textContent = line;
        list.appendChild(li);
      });
      if (lines.length > 12) {
        var more = document.createElement("li");
        more.textContent = "… and " + (lines.length - 12) + " more";
        list.appendChild(more);
      }
      box.appendChild(list);
    }
    var close = document.createElement("button");
    close.type = "button";
    close.className = "link result-close";
    close.textContent = "Dismiss";
    close.addEventListener("click", function () { box.hidden = true; });
    box.appendChild(close);
  }

  function shortTime(iso) { return iso ? iso.replace("T", " ").replace(/\.\d+/, "").replace("Z", " UTC") : ""; }

  var describe = {
    advance: function (d) {
      var lines = d.transitions.map(function (t) {
        return t.vendor + " " + t.object + " " + t.id + ": " + (t.from || "new") + " → " + t.to +
          " at " + shortTime(t.at) + (t.rule ? " (" + t.rule + ")" : "");
      });
      var n = d.transitions.length;
      return ["Clock advanced to " + shortTime(d.after) + ": " + n + " transition" + (n === 1 ? "" : "s"), lines];
    },
    clock: function (d) { return ["Clock " + (d.frozen ? "frozen at " : "running, now ") + shortTime(d.now)]; },
    reset: function (d) { return ["Reset to the seeded state: " + d.reset.join(", ")]; },
    account: function (d) {
      window.setTimeout(function () {
        var u = new URL(window.location.href);
        u.searchParams.set("account", d.account);
        window.location.assign(u.toString());
      }, 600);
      return ["Created account " + d.account + "; switching to it"];
    },
    rx: function (d) {
      return ["Prescription " + d.prescriptionId + " is " + d.rxStatus + "; order " + d.salesOrderCode +
              " is " + d.orderStatus];
    },
    po: function (d) {
      var po = d.po;
      return ["PO " + po.po + " created (" + po.status + ") for vendor " + po.vendor_id,
              (po.items || []).map(function (i) { return i.vpc + " × " + i.quantity + " — " + i.description; })];
    },
    "po-change": function (d) {
      return ["PO " + d.po.po + " changed; the vendor must accept the new revision",
              (d.po.items || []).map(function (i) { return i.vpc + " × " + i.quantity; })];
    },
    fault: function (d) {
      return ["Fault " + d.id + " added: " + d.vendor + " " + (d.method || "any") + " " + d.path +
              (d.status ? " → " + d.status : "") + (d.delay_ms ? " after " + d.delay_ms + " ms" : "")];
    },
    stock: function (d) {
      return [d.code + ": " + d.quantityOnHand + " on hand at " + d.price +
              (d.overridden ? " (overridden for this account)" : " (the catalogue's values)")];
    },
    "fault-removed": function (d) { return ["Fault " + d.deleted + " removed"]; },
    "faults-cleared": function (d) { return ["Removed " + d.deleted + " fault" + (d.deleted === 1 ? "" : "s")]; },
    "journal-cleared": function (d) { return ["Cleared " + d.deleted + " journal entr" + (d.deleted === 1 ? "y" : "ies")]; }
  };

  function report(kind, data) {
    var text = (describe[kind] || function () { return ["Done"]; })(data);
    show("ok", text[0], text[1]);
  }

  function run(el, method, url, payload) {
    if (el.dataset.confirm && !window.confirm(el.dataset.confirm)) return;
    var target = el.hasAttribute("data-no-account") ? url : withAccount(url);
    var buttons = el.tagName === "FORM" ? el.querySelectorAll("button") : [el];
    buttons.forEach(function (b) { b.disabled = true; });
    el.setAttribute("aria-busy", "true");
    call(method, target, payload).then(function (data) {
      report(el.dataset.result, data);
      // A form inside a live region shows the stored values again once they are saved.
      if (el.tagName === "FORM" && el.closest("[data-live]")) el.reset();
    }).catch(function (err) {
      if (err.status === 401) { show("error", "The admin token is missing: sign in again."); return; }
      show("error", "Failed: " + err.message);
    }).finally(function () {
      buttons.forEach(function (b) { b.disabled = false; });
      el.removeAttribute("aria-busy");
      refreshAll(true);
    });
  }

  function split(spec) {
    var i = spec.indexOf(" ");
    return [spec.slice(0, i), spec.slice(i + 1)];
  }

  // -- forms -------------------------------------------------------------------------------
  var builders = {
    storefront: function (form) {
      var f = form.elements;
      var payload = {vendor: parseInt(f.vendor.value, 10),
                     items: [{vpc: f.vpc.value.trim(), quantity: parseInt(f.quantity.value, 10)}]};
      if (f.date_submit.value) payload.date_submit = f.date_submit.value;
      return payload;
    },
    stock: function (form) {
      var payload = {};
      Array.prototype.forEach.call(form.elements, function (input) {
        if (!input.name || input.name === "code" || input.value === "") return;
        var type = input.dataset.type;
        payload[input.name] = type === "int" ? parseInt(input.value, 10)
          : type === "float" ? parseFloat(input.value) : input.value === "true";
      });
      return payload;
    },
    "po-change": function (form) {
      var items = [];
      Array.prototype.forEach.call(form.elements, function (input) {
        if (input.name && input.name.indexOf("item:") === 0 && input.value !== "") {
          items.push({po_item_id: input.name.slice(5), quantity: parseInt(input.value, 10)});
        }
      });
      return {items: items};
    }
  };

  function formPayload(form) {
    if (form.dataset.build) return builders[form.dataset.build](form);
    var payload = {};
    Array.prototype.forEach.call(form.elements, function (input) {
      if (!input.name || input.value === "") return;
      var type = input.dataset.type;
      payload[input.name] = type === "int" ? parseInt(input.value, 10)
        : type === "float" ? parseFloat(input.value) : input.value;
    });
    return payload;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.dataset || !form.dataset.call) return;
    event.preventDefault();
    var parts = split(form.dataset.call);
    // "{field}" in a form's call is filled from that field: POST /_sim/provet/products/{code}
    var url = parts[1].replace(/\{(\w+)\}/g, function (_m, name) {
      return encodeURIComponent(form.elements[name].value.trim());
    });
    run(form, parts[0], url, formPayload(form));
  });

  // -- clicks: actions, toggles, copy --------------------------------------------------------
  function setOpen(button, open) {
    var target = document.getElementById(button.getAttribute("aria-controls"));
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (target) target.hidden = !open;
  }

  function copy(text, button) {
    var done = function () {
      var old = button.textContent;
      button.textContent = "Copied";
      window.setTimeout(function () { button.textContent = old; }, 1200);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
    } else {
      fallbackCopy(text);
      done();
    }
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
    document.body.removeChild(area);
  }

  document.addEventListener("click", function (event) {
    var el = event.target.closest("[data-call], [data-toggle], [data-copy]");
    if (!el || el.tagName === "FORM") return;
    if (el.hasAttribute("data-toggle")) {
      var open = el.getAttribute("aria-expanded") !== "true";
      setOpen(el, open);
      if (open) openKeys.add(el.dataset.toggle); else openKeys.delete(el.dataset.toggle);
    } else if (el.hasAttribute("data-copy")) {
      copy(el.dataset.copy, el);
    } else {
      var parts = split(el.dataset.call);
      var payload = el.dataset.json ? JSON.parse(el.dataset.json) : undefined;
      run(el, parts[0], parts[1], payload);
    }
  });

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.hasAttribute("data-autosubmit")) el.form.submit();
    if (el.dataset.vpcList) {
      var input = document.getElementById(el.dataset.vpcList);
      if (input) input.setAttribute("list", "vpcs-" + el.value);
    }
  });

  // -- live regions ----------------------------------------------------------------------------
  function refresh(region) {
    var url = region.dataset.live;
    return fetch(url, {credentials: "same-origin", headers: {"Accept": "text/html"}}).then(function (res) {
      if (res.status === 401) { window.location.reload(); return; }
      if (!res.ok) return;
      return res.text().then(function (html) {
        if (lastHtml.get(url) === html) return;
        var active = document.activeElement;
        if (active && region.contains(active) && active.closest("form, input, select, textarea")) return;
        if (edited(region)) return;  // keep what someone is typing into a form in the region
        var focusKey = active && region.contains(active)
          ? (active.dataset.key || active.dataset.toggle || active.id) : null;
        region.innerHTML = html;
        lastHtml.set(url, html);
        region.querySelectorAll("[data-toggle]").forEach(function (b) {
          if (openKeys.has(b.dataset.toggle)) setOpen(b, true);
        });
        if (focusKey) {
          var sel = '[data-key="' + CSS.escape(focusKey) + '"], [data-toggle="' + CSS.escape(focusKey) +
                    '"], #' + CSS.escape(focusKey);
          var again = region.querySelector(sel);
          if (again) again.focus();
        }
      });
    }).catch(function () { /* the server may be restarting; the next poll tries again */ });
  }

  function edited(region) {
    return Array.prototype.some.call(region.querySelectorAll("input, textarea"), function (input) {
      return input.type !== "hidden" && input.value !== input.defaultValue;
    });
  }

  function refreshAll(force) {
    if (busy && !force) return Promise.resolve();
    if (document.hidden && !force) return Promise.resolve();
    busy = true;
    var regions = Array.prototype.slice.call(document.querySelectorAll("[data-live]"));
    return Promise.all(regions.map(refresh)).finally(function () {
      busy = false;
      document.body.dataset.refreshed = String(Date.now());
    });
  }

  document.querySelectorAll("[data-live]").forEach(function (region) {
    lastHtml.set(region.dataset.live, region.innerHTML);
  });
  window.setInterval(refreshAll, POLL_MS);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) refreshAll(); });
})();
