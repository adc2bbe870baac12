// Service guides: suggest guides while a resident types an inquiry's title; a print button.
(function () {
  var box = document.getElementById("guide-suggestions");
  var title = document.getElementById("title");
  if (box && title) {
    var timer = null;
    var last = "";
    var isInquiry = function () {
      var checked = document.querySelector('input[name="type"]:checked');
      return checked && checked.value === "inquiry";
    };
    var ask = function () {
      var q = title.value.trim();
      if (!isInquiry() || q.length < 2) { box.innerHTML = ""; last = ""; return; }
      if (q === last) { return; }
      last = q;
      fetch(box.getAttribute("data-url") + "?q=" + encodeURIComponent(q), {headers: {"Accept": "text/html"}})
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) { if (q === last) { box.innerHTML = html; } })
        .catch(function () { box.innerHTML = ""; });
    };
    var later = function () { clearTimeout(timer); timer = setTimeout(ask, 350); };
    title.addEventListener("input", later);
    document.querySelectorAll('input[name="type"]').forEach(function (radio) {
      radio.addEventListener("change", function () { last = ""; ask(); });
    });
    ask();
  }
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
