"""The dashboard listens to the domain's events (``jaring.events``) and rebuilds the
summaries that read what changed: queued for the worker from the web app and the
worker, at once for a command (``foreground``). The one table of which summary reads
which topic is here, beside the summaries, not in the services that announce."""

from jaring.events import Topic, changed

PARTS_OF = {
    Topic.REGISTRY: ("registri", "alur"),  # golden counts, stages, the merge stage
    # "already covered by BPJS"; the workers' own payments change coverage status
    Topic.MEMBERSHIP: ("registri", "peserta"),
    Topic.PROGRAMME: ("program",),  # quota use and the programme stages
    Topic.ENROLMENT: ("program", "peserta"),  # registered, rejected, replaced
    Topic.CONTRIBUTIONS: ("peserta", "anggaran"),  # status per month, budget
    Topic.CLAIMS: ("klaim", "peserta", "anggaran"),  # a death ends cover and lines
    Topic.LABOUR_FORCE: ("cakupan",),  # coverage rates divide by the labour force
    Topic.COVERAGE: ("cakupan",),
    # The complaints panel (dashboard/complaint_panel.py) counts the complaints table
    # itself, a few thousand rows: nothing to rebuild.
    Topic.COMPLAINTS: (),
}


def parts_for(topics) -> tuple[str, ...]:
    """The summaries to rebuild, in the dashboard's own order."""
    from jaring.dashboard.services import PARTS

    wanted = {part for topic in topics for part in PARTS_OF[topic]}
    return tuple(part for part in PARTS if part in wanted)


def on_changed(sender, *, topics, foreground, **kwargs):
    from jaring.dashboard.services import refresh_summaries
    from jaring.dashboard.tasks import request_refresh

    parts = parts_for(topics)
    if not parts:
        return None
    if foreground:
        return refresh_summaries(parts)
    request_refresh(parts)
    return None


def subscribe() -> None:
    changed.connect(on_changed, dispatch_uid="jaring.dashboard.subscribers.on_changed")
