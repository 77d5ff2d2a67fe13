# Every date and time staff read (admin pages, history, exports, e-mails) in one format,
# with its zone, whatever the browser's locale: "28 Nov 2026 15:33 EST".
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y H:i T"
SHORT_DATETIME_FORMAT = "j M Y H:i T"
