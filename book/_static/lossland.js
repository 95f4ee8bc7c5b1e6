// Every figure opens full size (issue 24: on a phone a 880 px figure shows at 40 %).
// Each image in a cell's output becomes a link to itself: a file image links to its file; a
// scrubber's frame (a data: URL, which browsers do not open as a page) opens as a blob.
// The link's name is the image's text alternative, so a screen reader hears what it opens.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("main .cell_output img").forEach(function (image) {
    if (image.closest("a")) return;
    var link = document.createElement("a");
    link.className = "lossland-full-size";
    link.title = "Open this figure full size";
    link.target = "_blank";
    link.href = image.src.startsWith("data:") ? "#" : image.src;
    link.addEventListener("click", function (event) {
      var source = image.currentSrc || image.src;
      if (!source.startsWith("data:")) return;
      event.preventDefault();
      fetch(source).then(function (response) { return response.blob(); })
        .then(function (blob) { window.open(URL.createObjectURL(blob), "_blank"); });
    });
    image.parentNode.insertBefore(link, image);
    link.appendChild(image);
  });
});

// Names and roles that the theme and Sphinx get wrong (axe-core, WCAG 2.1 A; issue 24).
// * pydata-sphinx-theme 0.17 labels its search buttons "Search" while they show "Search
//   Ctrl+K", and its colour-mode button "Color mode" while its icons carry titles: a speech
//   user saying what they see is not understood (label-content-name-mismatch). The visible
//   words become the name; the icons are decoration.
// * docutils writes the references as role="list" holding role="doc-biblioentry", a role
//   DPUB-ARIA 1.1 deprecated, which leaves the list without items (aria-required-children,
//   aria-deprecated-role). Each entry becomes a list item.
// * The theme's primary sidebar (the book's logo, search and table of contents) is no landmark,
//   so its logo sits outside every one (axe best practice "region"): it becomes the book's
//   navigation, named, holding the theme's own "Section Navigation".
// * A Markdown table whose first column names its rows has an empty header cell in the corner,
//   which a screen reader announces as a column header with no name (axe "empty-table-header"):
//   an empty header cell becomes a data cell.
function losslandNames() {
  document.querySelectorAll(".search-button__button[aria-label]").forEach(function (button) {
    var words = (button.textContent || "").replace(/\s+/g, " ").trim();
    if (words) button.setAttribute("aria-label", words);
  });
  document.querySelectorAll(".theme-switch-button").forEach(function (button) {
    // The icons are decoration; the button keeps its name ("Color mode") as a title, which axe
    // does not compare with the icons' glyphs (it did, intermittently, with an aria-label).
    button.querySelectorAll("i").forEach(function (icon) {
      icon.removeAttribute("title");
      icon.setAttribute("aria-hidden", "true");
    });
    if (button.getAttribute("aria-label")) {
      button.setAttribute("title", button.getAttribute("aria-label"));
      button.removeAttribute("aria-label");
    }
  });
  document.querySelectorAll('[role="list"] > [role="doc-biblioentry"]').forEach(function (entry) {
    entry.setAttribute("role", "listitem");
  });
  document.querySelectorAll(".bd-sidebar-primary:not([role])").forEach(function (sidebar) {
    sidebar.setAttribute("role", "navigation");
    sidebar.setAttribute("aria-label", "Book");
  });
  document.querySelectorAll("main th").forEach(function (header) {
    if ((header.textContent || "").trim() || header.querySelector("img, svg, mjx-container, math")) return;
    var cell = document.createElement("td");
    for (var k = 0; k < header.attributes.length; k++) cell.setAttribute(header.attributes[k].name, header.attributes[k].value);
    while (header.firstChild) cell.appendChild(header.firstChild);
    header.replaceWith(cell);
  });
}
// Again once everything has loaded: the theme's tooltips may set the labels back when they start.
document.addEventListener("DOMContentLoaded", losslandNames);
window.addEventListener("load", losslandNames);

// A keyboard reader meets a chapter's explorers within a few Tab presses of its title: a line
// under the title links to each one (otherwise the first is 100 and more links and buttons
// away). An explorer is a kernel-free fallback (lossland.book.widgets.Scrubber) with its slider.
document.addEventListener("DOMContentLoaded", function () {
  var title = document.querySelector("main h1");
  var explorers = document.querySelectorAll("main .lossland-scrubber[id]");
  if (!title || !explorers.length) return;
  var line = document.createElement("p");
  line.className = "lossland-explorer-links";
  line.appendChild(document.createTextNode(explorers.length > 1 ? "Explorers on this page: " : "Explorer on this page: "));
  explorers.forEach(function (explorer, index) {
    var label = explorer.querySelector("label");
    var link = document.createElement("a");
    link.href = "#" + explorer.id;
    link.textContent = (label ? label.firstChild.textContent : "explorer " + (index + 1)).trim();
    link.addEventListener("click", function () {  // the slider takes the focus: arrow keys move it at once
      window.setTimeout(function () { explorer.querySelector("input").focus(); }, 0);
    });
    if (index) line.appendChild(document.createTextNode(", "));
    line.appendChild(link);
  });
  var after = title.parentNode.querySelector("p.lossland-live") || title;
  after.insertAdjacentElement("afterend", line);
});

// MathJax is out of the Tab order (_config.yml), but a display formula wider than the column
// scrolls sideways, and a keyboard reader can only scroll what takes the focus: those
// formulas (and only those; which ones depends on the window) keep a Tab stop.
function losslandFocusWideMath() {
  document.querySelectorAll("mjx-container[display='true']").forEach(function (math) {
    if (math.scrollWidth > math.clientWidth + 1) math.setAttribute("tabindex", "0");
    else if (math.getAttribute("tabindex") === "0") math.removeAttribute("tabindex");
  });
}
window.addEventListener("load", function () {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) MathJax.startup.promise.then(losslandFocusWideMath);
  window.addEventListener("resize", losslandFocusWideMath);
});
