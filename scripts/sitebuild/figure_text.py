"""The figures' text alternatives on the page: a Sphinx extension for MyST-NB.

:func:`lossland.book.plots.alt_text` puts each displayed figure's text alternative into its
output's metadata (``{"image/png": {"alt": ...}}``). MyST-NB 1.4 reads only ``width`` and
``height`` from there (``NbElementRenderer.render_image``) and otherwise leaves the image's
``alt`` unset, which Sphinx fills with the file's path. This extension makes the renderer read
``alt`` as well, so the page's ``<img alt>`` (and the PDF printed from the page) says what the
figure shows. Listed in ``_config.yml``'s extensions.
"""
from __future__ import annotations

__all__ = ["setup"]


def _with_alt(render_image):
    """``render_image`` that also copies the output's ``alt`` metadata onto the image node."""
    def render(self, data):
        images = render_image(self, data)
        alt = data.output_metadata.get(data.mime_type, {}).get("alt")
        if isinstance(alt, str) and alt.strip():
            for image in images:
                image["alt"] = alt.strip()
        return images
    render.lossland_alt = True
    return render


def setup(app) -> dict:
    """Sphinx entry point: extend MyST-NB's image renderer (once per process)."""
    from myst_nb.core.render import NbElementRenderer

    if not getattr(NbElementRenderer.render_image, "lossland_alt", False):
        NbElementRenderer.render_image = _with_alt(NbElementRenderer.render_image)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
