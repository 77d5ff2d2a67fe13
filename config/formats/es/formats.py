# Spanish pages are read in the US, about courses priced in US dollars and held at US
# hours. Django's own "es" formats are Spain's (1.234,50; 19:30; Monday first), which
# would make "$1.234" read as a dollar and change. So, as US Spanish-language media and
# the US government's Spanish pages write them: numbers as in the US ("$1,234.50"),
# 12-hour times ("7:30 p. m."), the week from Sunday, and dates written out in Spanish
# ("4 de diciembre de 2026"), whose day-first order is unambiguous once the month is a word.
DATE_FORMAT = r"j \d\e F \d\e Y"
SHORT_DATE_FORMAT = "j M Y"
TIME_FORMAT = "g:i a"
DATETIME_FORMAT = r"j \d\e F \d\e Y, g:i a"
SHORT_DATETIME_FORMAT = "j M Y, g:i a"
YEAR_MONTH_FORMAT = r"F \d\e Y"
MONTH_DAY_FORMAT = r"j \d\e F"
FIRST_DAY_OF_WEEK = 0  # Sunday, as US calendars
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
