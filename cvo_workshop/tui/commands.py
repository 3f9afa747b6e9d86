"""Command-palette provider: every key of the current screen is also a command.

Built from the screen's own bindings, so a key added to a screen shows up in
the palette without anyone remembering to list it twice."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class ScreenCommands(Provider):
    def _commands(self) -> list[tuple[str, str, str, object]]:
        from cvo_workshop.tui.keys import key_label, screen_keys, shown_key

        out: list[tuple[str, str, str, object]] = []
        seen: set[str] = set()
        for found in screen_keys(self.screen):
            binding = found.binding
            if not binding.description or not found.enabled or binding.action in seen:
                continue
            if binding.action in ("app.command_palette", "command_palette"):
                continue
            seen.add(binding.action)
            name = key_label(found.node, binding, long=True)
            key = shown_key(found.node, binding)
            run = partial(self.app.run_action, binding.action, found.node)
            out.append((name, binding.tooltip or name, key, run))
        return out

    async def discover(self) -> Hits:
        for name, help_text, key, run in self._commands():
            yield DiscoveryHit(f"{name}  ({key})", run, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, key, run in self._commands():
            score = max(matcher.match(name), matcher.match(help_text))
            if score > 0:
                yield Hit(score, matcher.highlight(f"{name}  ({key})"), run, help=help_text)  # type: ignore[arg-type]
