"""A prospect whose every step waits until the worker has answered Telegram's request for it.

A worker answers the webhook only once it has handled the update and sent every reply, so
this is when a step is done; the fake's quiet period alone can end a step early when twenty
chats share two cores and a reply comes in several calls.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.fakes import ChatMessage, FakeBotApi
from tests.fakes import Prospect as ChattingProspect
from tests.multiworker.proxy import Spreader


class Prospect(ChattingProspect):
    """`tests.fakes.Prospect`, served through the proxy's workers."""

    def __init__(self, api: FakeBotApi, proxy: Spreader, chat_id: int, quiet: float) -> None:
        super().__init__(api, chat_id, quiet=quiet)
        self.proxy = proxy

    def _served(self) -> bool:
        return self.proxy.finished(self.chat_id)

    async def send(
        self, text: str, *, until: Callable[[], object] | None = None
    ) -> list[ChatMessage]:
        return await super().send(text, until=until or self._served)

    async def press(
        self, label: str, *, until: Callable[[], object] | None = None
    ) -> list[ChatMessage]:
        return await super().press(label, until=until or self._served)
