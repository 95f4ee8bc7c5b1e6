"""lossland: the mathematics behind the book *How neural-network loss landscapes really look*.

Floors, each importing only from below:

1. ``validation``, ``data``, ``nets``, ``regions``, ``plots`` - ideas every chapter needs;
2. ``subglobal``, ``probes``, ``widgets`` - machinery;
3. one module per paper (``decomposition``, ...);
4. ``ledger`` and ``claims`` - the reproduced claims.
"""
__version__ = "0.1.0"
