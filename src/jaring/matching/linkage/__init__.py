"""Record linkage for Jaring: which listings are the same worker.

The public API, for ``jaring dedupe`` and the registry:

* ``dedupe(records)`` — scored candidate pairs with the evidence per field, and one
  ``cluster_id`` per record, from one trained model;
* ``score(records)`` — the pairs and whether the model trained (registry linking).

``records`` is a Polars frame with the ``jaring dedupe`` input columns as text
(``record_id`` required, unique; the others may be missing or blank). Thresholds come
from ``settings.JARING_MATCHING`` (see ``config``). Modules: ``names`` (normalisation),
``features`` (derived columns), ``comparisons`` (levels and blocking), ``model``
(training and scoring), ``rules`` (the family guard), ``service`` (the pipeline).
"""

from jaring.matching.linkage.service import DedupeResult, dedupe, score

__all__ = ["DedupeResult", "dedupe", "score"]
