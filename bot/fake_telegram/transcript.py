"""Human-readable dump of a chat, for assertion messages."""

from __future__ import annotations

from .models import BotMessage, CallbackRecord, UserMessage
from .state import ChatState


def _indent(text: str) -> str:
    return text.replace("\n", "\n      ")


def _bot_line(msg: BotMessage) -> list[str]:
    flags = []
    if msg.kind != "text":
        flags.append(msg.kind + (f" {msg.file_name}" if msg.file_name else ""))
    if msg.parse_mode:
        flags.append(msg.parse_mode)
    if msg.edited:
        flags.append(f"edited x{msg.edited}")
    if msg.deleted:
        flags.append("deleted")
    head = f"#{msg.message_id} bot" + (f" [{', '.join(flags)}]" if flags else "")
    lines = [f"{head}: {_indent(msg.plain)}"]
    for row in msg.buttons:
        cells = []
        for b in row:
            target = b.get("callback_data") or b.get("url") or "?"
            cells.append(f"[{b['text']} -> {target}]")
        lines.append("      " + " ".join(cells))
    if msg.reply_keyboard is not None:
        keys = " ".join(f"<{b['text']}>" for row in msg.reply_keyboard for b in row)
        lines.append(f"      keyboard: {keys}")
    if msg.removed_keyboard:
        lines.append("      (keyboard removed)")
    if msg.force_reply:
        lines.append("      (force reply)")
    return lines


def _user_line(msg: UserMessage, name: str) -> str:
    c = msg.content
    if "text" in c:
        body = c["text"]
    elif "photo" in c:
        body = "<photo>" + (f" {c['caption']}" if c.get("caption") else "")
    elif "document" in c:
        body = f"<document {c['document'].get('file_name', '')}>"
    elif "voice" in c:
        body = f"<voice {c['voice']['duration']}s>"
    elif "sticker" in c:
        body = f"<sticker {c['sticker'].get('emoji', '')}>"
    elif "contact" in c:
        body = f"<contact {c['contact']['phone_number']}>"
    elif "location" in c:
        body = f"<location {c['location']['latitude']},{c['location']['longitude']}>"
    else:
        body = "<message>"
    edited = " (edited)" if msg.edit_date else ""
    return f"#{msg.message_id} {name}{edited}: {_indent(body)}"


def _press_line(rec: CallbackRecord, name: str) -> str:
    if not rec.answered:
        answer = "NOT answered"
    elif rec.answer_text:
        answer = f"answered {'alert' if rec.show_alert else 'toast'} {rec.answer_text!r}"
    else:
        answer = "answered"
    return f"   {name} pressed {rec.data!r} on #{rec.message_id} ({answer})"


def _notes_at(chat: ChatState, index: int) -> list[str]:
    """Fault notes made when the log had ``index`` entries (the last call takes later ones too)."""
    last = index >= len(chat.log)
    return [f"   [fault] {text}" for at, text in chat.fault_notes if at == index or (last and at > index)]


def render(chat: ChatState) -> str:
    """The whole chat, oldest first."""
    name = chat.user.get("first_name", str(chat.chat_id))
    lines = [f"--- chat {chat.chat_id} with {name} ---"]
    for index, entry in enumerate(chat.log):
        lines.extend(_notes_at(chat, index))
        if isinstance(entry, BotMessage):
            lines.extend(_bot_line(entry))
        elif isinstance(entry, UserMessage):
            lines.append(_user_line(entry, name))
        else:
            lines.append(_press_line(entry, name))
    lines.extend(_notes_at(chat, len(chat.log)))
    if chat.keyboard is not None:
        keys = " ".join(f"<{b['text']}>" for row in chat.keyboard for b in row)
        lines.append(f"(reply keyboard shown: {keys})")
    lines.append("--- end ---")
    return "\n".join(lines)
