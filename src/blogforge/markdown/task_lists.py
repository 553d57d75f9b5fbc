"""Task lists (`- [ ] todo`, `- [x] done`): a box in each item, found in one pass.

mdit_py_plugins' `tasklists` core rule gives each task's list the class `contains-task-list`,
and finds that list by reading back from the task, token by token, to the first token one
level up: past every item before it, so a list of n tasks cost n²/2 steps (20,000 tasks: 55 s).
The rule is wrapped rather than forked: one pass notes the last token seen at each level, which
is the one the plugin's search would stop at, and the plugin is shown each task with that token
in front of it, as the only token its search reads.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.tasklists import tasklists_plugin

_RULE = "github-tasklists"


def _one_task_at_a_time(rule: Callable[[StateCore], None]) -> Callable[[StateCore], None]:
    """The plugin's `rule`, shown each item's first paragraph alone (the only place a task's
    `[ ]` is read) behind the token its search for the list would find."""

    def tasks_in_one_pass(state: StateCore) -> None:
        tokens = state.tokens
        last_at_level: dict[int, Token] = {}
        # (the plugin reads tokens 2 to the last but one: the inline of an item's paragraph,
        # which opens two tokens before it)
        for index in range(len(tokens) - 1):
            token = tokens[index]
            if index >= 3:  # (what the search reads: the tokens before the item)
                last_at_level[tokens[index - 3].level] = tokens[index - 3]
            if (index >= 2 and token.type == "inline"
                    and tokens[index - 1].type == "paragraph_open"
                    and tokens[index - 2].type == "list_item_open"):
                item = tokens[index - 2]
                level_up = item.level - 1
                # (where no token stands one level up, the plugin's search gives -1: the
                # class goes to the stream's last token, as here)
                found = last_at_level.get(level_up, Token("none", "", 0, level=level_up - 1))
                shown = [found, item, tokens[index - 1], token, tokens[-1]]
                rule(StateCore("", state.md, state.env, shown))

    return tasks_in_one_pass


def task_lists_plugin(md: MarkdownIt, label: bool = False) -> None:
    """The plugin's task lists (`label`: each task in a <label> with its box), its rule read
    in one pass."""
    md.use(tasklists_plugin, label=label)
    ruler = md.core.ruler
    found = ruler.__rules__[ruler.__find__(_RULE)]
    ruler.at(_RULE, _one_task_at_a_time(found.fn), {"alt": found.alt})
