package templates

import (
	"strings"

	"zapisy/storage"
)

// KindPL names a notice kind in Polish, for staff: "potwierdzenie zapisu",
// "przypomnienie".
func KindPL(kind string) string {
	switch {
	case kind == storage.KindConfirmation:
		return "potwierdzenie zapisu"
	case kind == storage.KindWaitlisted:
		return "wpis na listę rezerwową"
	case kind == storage.KindPromoted:
		return "miejsce z listy rezerwowej"
	case kind == storage.KindWithdrawn:
		return "potwierdzenie wypisania"
	case kind == storage.KindMeetingCancelled:
		return "odwołanie spotkania"
	case kind == storage.KindClarification:
		return "pytanie o spotkanie"
	case strings.HasPrefix(kind, storage.KindChangedPrefix):
		return "zmiana terminu lub miejsca"
	case strings.HasPrefix(kind, storage.KindReminderPrefix):
		return "przypomnienie"
	}
	return kind
}
