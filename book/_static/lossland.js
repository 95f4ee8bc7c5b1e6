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
