// Reading aids, without any framework: copy a permalink, and j/k to move between exchanges.
(function () {
  "use strict";

  function announce(el, message) {
    if (el) { el.textContent = message; }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) { return; }
    var text = button.getAttribute("data-copy");
    var status = document.getElementById(button.getAttribute("aria-describedby") || "");
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(
        function () { announce(status, "Link copied: " + text); },
        function () { announce(status, "Copy failed; the link is " + text); }
      );
    } else {
      // Older or insecure contexts: show the address so it can be copied by hand.
      announce(status, "Copy this link: " + text);
    }
  });

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) { return; }
    if (event.key !== "j" && event.key !== "k") { return; }
    var exchanges = Array.prototype.slice.call(document.querySelectorAll("[data-exchange]"));
    if (exchanges.length === 0) {
      // On a single exchange's page, j and k go to the next and previous exchange.
      if (!document.body.classList.contains("exchange-page")) { return; }
      var link = document.querySelector(event.key === "j" ? "a[rel=next]" : "a[rel=prev]");
      if (link) { window.location.href = link.href; }
      return;
    }
    var current = document.querySelector("[data-exchange].is-current");
    var index = exchanges.indexOf(current);
    if (index === -1) {
      // Start from the first exchange below the top of the window.
      index = exchanges.findIndex(function (el) { return el.getBoundingClientRect().top > 1; });
      index = event.key === "j" ? index : index - 1;
    } else {
      index += event.key === "j" ? 1 : -1;
    }
    if (index < 0 || index >= exchanges.length) { return; }
    if (current) { current.classList.remove("is-current"); }
    var next = exchanges[index];
    next.classList.add("is-current");
    next.scrollIntoView({ block: "start" });
    next.focus({ preventScroll: true });
    history.replaceState(null, "", "#" + next.id);
    event.preventDefault();
  });
})();
