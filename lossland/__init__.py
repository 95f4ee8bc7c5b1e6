"""lossland: the mathematics behind the book *How neural-network loss landscapes really look*.

Floors, each importing only from below:

1. ideas every chapter needs: ``validation``, ``data``, ``images``, ``nets``, ``regions``,
   ``plots``;
2. machinery: ``subglobal`` (each region's convex problem), ``genuine`` (is its minimum real?),
   ``probes``, ``descent``, ``mlp``, ``widgets``;
3. one module per paper: ``decomposition`` and ``random_regions`` (Chapter 1), ``liu*``
   (Chapter 2), ``expneuron*`` (Chapter 3);
4. ``ledger`` and ``claims`` (the reproduced claims), ``figures`` (each chapter's drawings and
   explorers) and ``selfcheck`` (feedback for the exercises).
"""
__version__ = "0.1.0"
