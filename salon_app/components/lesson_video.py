"""A plain HTML <video> that tells the page where it is: the element's timeupdate, pause and
ended events carry its currentTime (seconds). Pages throttle timeupdate (several a second)."""

from __future__ import annotations

import reflex as rx
from reflex_base.event import EventHandler
from reflex_base.vars.base import Var
from reflex_base.vars.object import ObjectVar


def _current_time(event: ObjectVar[dict]) -> list[Var[float]]:
    return [event["target"].to(dict)["currentTime"].to(float)]


class ReportingVideo(rx.el.Video):
    on_time_update: EventHandler[_current_time]
    on_pause: EventHandler[_current_time]
    on_ended: EventHandler[_current_time]


reporting_video = ReportingVideo.create
