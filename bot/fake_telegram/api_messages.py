"""Bot API methods that create, change or remove messages in a chat."""

from __future__ import annotations

from typing import Any

from . import errors, objects
from .errors import bad_request
from .formatting import format_text
from .html_check import ParsedText
from .markup import Markup, parse_markup
from .models import BotMessage, MessageKind, StoredFile, UserMessage
from .params import Upload
from .state import ChatState, FakeState


class MessageMethods:
    """sendMessage, sendPhoto, sendVoice, sendDocument, edits, deleteMessage, sendChatAction."""

    def __init__(self, state: FakeState) -> None:
        self.state = state

    def table(self) -> dict[str, Any]:
        """Canonical method name -> handler."""
        return {
            "sendMessage": self.send_message,
            "sendPhoto": self.send_photo,
            "sendVoice": self.send_voice,
            "sendDocument": self.send_document,
            "editMessageText": self.edit_message_text,
            "editMessageCaption": self.edit_message_caption,
            "editMessageReplyMarkup": self.edit_message_reply_markup,
            "deleteMessage": self.delete_message,
            "sendChatAction": self.send_chat_action,
        }

    # --- sending -------------------------------------------------------------------------

    async def send_message(self, p: dict[str, Any], uploads: dict[str, Upload]) -> Any:
        """sendMessage."""
        chat = self.state.chat_or_error(p.get("chat_id"))
        if "text" not in p:
            raise bad_request("Bad Request: message text is empty")
        parsed = self._format(p.get("text"), p.get("parse_mode"), p.get("entities"))
        return self._deliver(chat, p, "text", p["text"], parsed, p.get("parse_mode"))

    async def send_photo(self, p: dict[str, Any], uploads: dict[str, Upload]) -> Any:
        """sendPhoto (multipart upload, attach:// or an earlier file_id)."""
        chat = self.state.chat_or_error(p.get("chat_id"))
        stored = self._input_file(p, uploads, "photo", "photos")
        caption = p.get("caption") or ""
        parsed = self._format(caption, p.get("parse_mode"), p.get("caption_entities"), True)
        media = {"photo": objects.photo_sizes(stored)}
        return self._deliver(chat, p, "photo", caption, parsed, p.get("parse_mode"), stored, media)

    async def send_voice(self, p: dict[str, Any], uploads: dict[str, Upload]) -> Any:
        """sendVoice (multipart upload, attach:// or an earlier file_id, e.g. a user's voice
        note passed on); a reused file keeps the duration it was recorded with."""
        chat = self.state.chat_or_error(p.get("chat_id"))
        stored = self._input_file(p, uploads, "voice", "voice")
        caption = p.get("caption") or ""
        parsed = self._format(caption, p.get("parse_mode"), p.get("caption_entities"), True)
        duration = p.get("duration")
        if duration is None:
            duration = stored.duration or 0
        elif not str(duration).isdigit():
            raise bad_request("Bad Request: invalid duration")
        media = {"voice": objects.voice_json(stored, int(duration))}
        return self._deliver(chat, p, "voice", caption, parsed, p.get("parse_mode"), stored, media)

    async def send_document(self, p: dict[str, Any], uploads: dict[str, Upload]) -> Any:
        """sendDocument (multipart upload, attach:// or an earlier file_id)."""
        chat = self.state.chat_or_error(p.get("chat_id"))
        stored = self._input_file(p, uploads, "document", "documents")
        caption = p.get("caption") or ""
        parsed = self._format(caption, p.get("parse_mode"), p.get("caption_entities"), True)
        media = {"document": objects.document_json(stored)}
        return self._deliver(chat, p, "document", caption, parsed, p.get("parse_mode"), stored, media)

    async def send_chat_action(self, p: dict[str, Any], uploads: dict[str, Upload]) -> Any:
        """sendChatAction: remembered per chat, otherwise a no-op."""
        chat = self.state.chat_or_error(p.get("chat_id"))
        action = p.get("action")
        if not action:
            raise bad_request("Bad Request: action is empty")
        chat.actions.append(str(action))
        return True

    def _deliver(
        self,
        chat: ChatState,
        p: dict[str, Any],
        kind: MessageKind,
        raw_text: str,
        parsed: ParsedText,
        parse_mode: Any,
        stored: StoredFile | None = None,
        media: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        markup = parse_markup(p.get("reply_markup"))
        reply_to = self._reply_target(chat, p)
        msg = BotMessage(
            message_id=chat.alloc_message_id(),
            chat_id=chat.chat_id,
            html=raw_text,
            parse_mode=parse_mode if isinstance(parse_mode, str) and parse_mode else None,
            kind=kind,
            date=self.state.now(),
            visible_text=parsed.text,
            entities=parsed.entities,
            reply_to=reply_to,
            media=media or {},
        )
        if stored is not None:
            msg.file, msg.file_name, msg.file_id = stored.data, stored.file_name, stored.file_id
        self._apply_markup(chat, msg, markup)
        self.state.add_bot_message(chat, msg)
        return self.state.message_json(chat, msg)

    @staticmethod
    def _apply_markup(chat: ChatState, msg: BotMessage, markup: Markup) -> None:
        msg.buttons = markup.buttons
        msg.inline_markup = markup.inline
        msg.reply_keyboard = markup.reply_keyboard
        msg.removed_keyboard = markup.remove_keyboard
        msg.force_reply = markup.force_reply
        if markup.reply_keyboard is not None:
            chat.keyboard = markup.reply_keyboard
            chat.keyboard_one_time = markup.one_time_keyboard
        elif markup.remove_keyboard:
            chat.keyboard = None

    def _reply_target(self, chat: ChatState, p: dict[str, Any]) -> int | None:
        target = p.get("reply_to_message_id")
        allow_missing = bool(p.get("allow_sending_without_reply"))
        params = p.get("reply_parameters")
        if isinstance(params, dict) and params.get("message_id") is not None:
            target = params["message_id"]
            allow_missing = bool(params.get("allow_sending_without_reply", allow_missing))
        if target is None:
            return None
        if chat.find(int(target)) is None:
            if allow_missing:
                return None
            raise bad_request("Bad Request: message to be replied not found")
        return int(target)

    def _format(self, text: Any, parse_mode: Any, entities: Any, caption: bool = False) -> Any:
        return format_text(
            text,
            parse_mode,
            entities,
            strict_ampersand=self.state.strict_ampersand,
            caption=caption,
        )

    def _input_file(
        self, p: dict[str, Any], uploads: dict[str, Upload], field: str, folder: str
    ) -> StoredFile:
        value = p.get(field)
        upload = uploads.get(field)
        if upload is None and isinstance(value, str) and value.startswith("attach://"):
            upload = uploads.get(value[len("attach://") :])
            if upload is None:
                raise bad_request(f"Bad Request: file {value} not found in the request")
        if upload is not None:
            return self.state.files.add(upload.data, folder, upload.filename, upload.content_type)
        if isinstance(value, str) and value:
            if value.startswith(("http://", "https://")):
                # The fake never fetches URLs: nothing may leave the machine.
                raise bad_request("Bad Request: failed to get HTTP URL content")
            stored = self.state.files.get(value)
            if stored is None:
                raise bad_request(errors.WRONG_FILE_ID)
            return stored
        raise bad_request(errors.FILE_MISSING.format(field=field))

    # --- editing and deleting --------------------------------------------------------------

    def _editable(self, p: dict[str, Any]) -> tuple[ChatState, BotMessage]:
        if p.get("inline_message_id"):
            raise bad_request("Bad Request: MESSAGE_ID_INVALID")
        chat = self.state.chat_or_error(p.get("chat_id"))
        if p.get("message_id") is None:
            raise bad_request("Bad Request: message identifier is not specified")
        found = chat.find(int(p["message_id"]))
        if found is None:
            raise bad_request(errors.EDIT_NOT_FOUND)
        if isinstance(found, UserMessage):
            raise bad_request(errors.CANT_EDIT)
        return chat, found

    def _edit_markup(self, p: dict[str, Any]) -> Markup:
        markup = parse_markup(p.get("reply_markup"))
        if markup.reply_keyboard is not None or markup.remove_keyboard or markup.force_reply:
            raise bad_request("Bad Request: inline keyboard expected")
        return markup

    def _commit_edit(
        self,
        chat: ChatState,
        msg: BotMessage,
        markup: Markup,
        parsed: ParsedText | None,
        raw_text: str | None,
        parse_mode: Any,
    ) -> dict[str, Any]:
        same_text = parsed is None or (parsed.text == msg.plain and parsed.entities == msg.entities)
        if same_text and markup.inline == msg.inline_markup:
            raise bad_request(errors.NOT_MODIFIED)
        if parsed is not None and raw_text is not None:
            msg.html = raw_text
            msg.visible_text = parsed.text
            msg.entities = parsed.entities
            msg.parse_mode = parse_mode if isinstance(parse_mode, str) and parse_mode else None
        msg.buttons = markup.buttons
        msg.inline_markup = markup.inline
        msg.edited += 1
        msg.edit_date = self.state.now()
        self.state.emit(msg, "edited")
        return self.state.message_json(chat, msg)

    async def edit_message_text(self, p: dict[str, Any], uploads: dict[str, Upload]) -> Any:
        """editMessageText; without reply_markup the inline keyboard goes, as on Telegram."""
        chat, msg = self._editable(p)
        if msg.kind != "text":
            raise bad_request(errors.NO_TEXT_TO_EDIT)
        parsed = self._format(p.get("text"), p.get("parse_mode"), p.get("entities"))
        markup = self._edit_markup(p)
        return self._commit_edit(chat, msg, markup, parsed, p.get("text"), p.get("parse_mode"))

    async def edit_message_caption(self, p: dict[str, Any], uploads: dict[str, Upload]) -> Any:
        """editMessageCaption."""
        chat, msg = self._editable(p)
        if msg.kind == "text":
            raise bad_request(errors.NO_CAPTION_TO_EDIT)
        caption = p.get("caption") or ""
        parsed = self._format(caption, p.get("parse_mode"), p.get("caption_entities"), True)
        markup = self._edit_markup(p)
        return self._commit_edit(chat, msg, markup, parsed, caption, p.get("parse_mode"))

    async def edit_message_reply_markup(self, p: dict[str, Any], uploads: dict[str, Upload]) -> Any:
        """editMessageReplyMarkup; no reply_markup removes the inline keyboard."""
        chat, msg = self._editable(p)
        markup = self._edit_markup(p)
        return self._commit_edit(chat, msg, markup, None, None, None)

    async def delete_message(self, p: dict[str, Any], uploads: dict[str, Upload]) -> Any:
        """deleteMessage: bot messages vanish from ``messages`` but stay in the log."""
        chat = self.state.chat_or_error(p.get("chat_id"))
        if p.get("message_id") is None:
            raise bad_request("Bad Request: message identifier is not specified")
        found = chat.find(int(p["message_id"]))
        if found is None:
            raise bad_request(errors.DELETE_NOT_FOUND)
        if isinstance(found, UserMessage):
            chat.log.remove(found)
            self.state.changes.notify()
            return True
        found.deleted = True
        self.state.emit(found, "deleted")
        return True
