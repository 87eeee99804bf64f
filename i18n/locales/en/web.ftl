### The web channel: the page behind the village QR posters, and the posters themselves.

web-title = Safety Net · report hardship
web-intro = If your household, or a neighbour's, is facing hardship, say so here. No app, no sign-up.
web-placeholder = Type here…
web-send = Send
web-photo = 📷 Photo
web-voice = 🎤 Voice
web-voice_stop = ⏹ Done, send it
web-recording = Recording…
web-phone_placeholder = Mobile, or landline with area code
web-location = 📍 Send my location
web-cancel = Cancel
web-recover_open = New phone or cleared browser? Check progress with your case number
web-recover_title = Enter the case number and the phone number you gave, and follow the case here again.
web-recover_ref = Case number, e.g. NC-2026-000123
web-recover_phone = The phone number you gave
web-recover_button = Show progress
web-recover_not_found = The case number and phone do not match. Please check and try again.
web-recover_limit = Too many tries. Please try again in an hour.
web-offline = No connection, retrying…
web-expired = This page has expired. Please reload it and try again.
web-too_fast = That was too fast. Please wait a moment and send again.
web-new_visitors_limit = Too many new pages were opened from this network just now. Please try again later.
web-you_photo = 📷 Photo sent
web-you_voice = 🎤 Voice message sent
web-upload_too_big = The file is too large; at most { $mb } MB.
web-upload_wrong_type = Only photos (JPG, PNG, WebP) or voice recordings can be sent.
web-upload_empty = The file is empty. Please choose it again.
web-upload_limit = Too many photos and recordings today. Please send more tomorrow.
web-media_note = (A file is attached here; the web page does not show it.)
web-poster_village = 📍 { $village } (the village on the poster)

## The printed poster (three plain lines under the village name).

web-poster_line1 = Hardship at home? Scan with WeChat and tell the village.
web-poster_line2 = You can also report a neighbour's hardship, without giving your name.
web-poster_line3 = No app, no sign-up; a village cadre will contact you soon.
web-poster_footer = Safety Net · monitoring to prevent a return to poverty
# How the greeting addresses a web visitor, who has no name on the channel ("Hello, neighbour!").
web-no_name = neighbour
