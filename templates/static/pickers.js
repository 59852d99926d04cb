// Pickers for the dashboard's forms: a street → grid select that shows only
// the chosen street's grids, and a firm search that offers names as one
// types (through /admin/enterprises/search) and writes the chosen firm's id
// or code into the form's field. Without script the forms still work: the
// grids stay grouped by street and the firm fields take ids or codes.
(function () {
  "use strict";
  document.querySelectorAll("select[data-street-select]").forEach(function (grid) {
    var street = document.getElementById(grid.getAttribute("data-street-select"));
    if (!street) return;
    function sync() {
      var code = street.value;
      grid.querySelectorAll("optgroup").forEach(function (g) {
        var show = !code || g.getAttribute("data-street") === code;
        g.hidden = !show;
        g.disabled = !show;
      });
      var sel = grid.selectedOptions[0];
      if (sel && sel.parentElement.tagName === "OPTGROUP" && sel.parentElement.disabled) grid.value = "";
    }
    street.addEventListener("change", sync);
    sync();
  });

  document.querySelectorAll("input[data-firm-target]").forEach(function (box) {
    var target = document.getElementById(box.getAttribute("data-firm-target"));
    var mode = box.getAttribute("data-firm-mode") || "set"; // set or append
    var use = box.getAttribute("data-firm-use") || "id";   // id or uscc
    var hint = document.getElementById(box.id + "-hint");
    var list = document.getElementById(box.getAttribute("list"));
    if (!target || !list) return;
    var timer = null, seq = 0, offered = {};
    box.addEventListener("input", function () {
      var v = box.value.trim();
      if (offered[v]) { choose(offered[v]); return; }
      clearTimeout(timer);
      timer = setTimeout(function () { search(v); }, 200);
    });
    function search(q) {
      var my = ++seq;
      fetch("/admin/enterprises/search?q=" + encodeURIComponent(q), {credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (body) {
          if (my !== seq) return;
          list.textContent = "";
          offered = {};
          (body.firms || []).forEach(function (f) {
            var label = f.name + "（" + f.uscc + "）";
            offered[label] = f;
            var o = document.createElement("option");
            o.value = label;
            o.textContent = f.street;
            list.appendChild(o);
          });
          if (hint) hint.textContent = body.hint || ("找到 " + (body.firms || []).length + " 家，选择后加入");
        })
        .catch(function () { if (hint) hint.textContent = "查询失败，请直接填写企业编号"; });
    }
    function choose(f) {
      var v = use === "uscc" ? f.uscc : String(f.id);
      if (mode === "append") {
        var cur = target.value.split(/[\s,，]+/).filter(Boolean);
        if (cur.indexOf(v) < 0) cur.push(v);
        target.value = cur.join(target.tagName === "TEXTAREA" ? "\n" : ",");
      } else {
        target.value = v;
      }
      if (hint) hint.textContent = "已选：" + f.name;
      box.value = "";
    }
  });
})();
