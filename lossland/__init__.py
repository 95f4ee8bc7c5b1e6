"""lossland: the mathematics behind the book *How neural-network loss landscapes really look*.

The package reads like the book's table of contents:

``core``
    what every chapter may use: activation ``regions``, each region's convex problem
    (``subglobal``) and whether its minimum is real (``genuine`` for one region, ``all_regions`` for
    every region at once, with ``lp`` and ``scaling``), descent and
    saddles ``inregion``, small networks with exact derivatives (``nets``, ``sigmoid_nets``,
    ``mlp``), ``probes``, ``descent``, ``validation``, ``data`` and ``images``.
``book``
    the book's machinery: the ``ledger`` of reproduced claims, explorers and their kernel-free
    fallbacks (``widgets``), the figure style (``plots``), printed bounds (``display``) and the
    self-checks' ``answers``.
``decomposition``, ``liu``, ``expneuron``, ``petzka``, ``blindspots``, ``synthesis``
    one package per chapter (the five papers' chapters and the closing chapter, in the order of
    ``lossland.book.ledger.CHAPTERS``): its constructions, ``figures``, ``claims`` and
    ``selfcheck``.

Chapters import ``core`` and ``book``, never each other; ``core`` imports neither; figures
draw and do not compute.  The ledger finds each chapter's claims as ``lossland.<chapter>.claims``.
"""
__version__ = "0.1.0"
