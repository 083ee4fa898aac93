package storage

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

// StatusPL names a registration status for staff, in Polish.
func StatusPL(status string) string {
	switch status {
	case StatusRegistered:
		return "zapisany"
	case StatusWaitlisted:
		return "lista rezerwowa"
	case StatusWithdrawn:
		return "wycofany"
	case StatusPending:
		return "czeka na wyjaśnienie"
	case StatusExpired:
		return "wygasły"
	}
	return status
}

// SourcePL names where a sign-up came from, in Polish.
func SourcePL(source string) string {
	switch source {
	case SourceEmail:
		return "e-mail"
	case SourcePhone:
		return "telefon"
	case SourceWeb:
		return "formularz"
	}
	return source
}

// ExportColumns are the column headings of an export, in Polish, for staff
// who open it in a spreadsheet.
var ExportColumns = []string{"Lp.", "Spotkanie", "Organizacja", "KRS", "Osoba kontaktowa", "E-mail", "Telefon", "Liczba osób", "Status", "Źródło", "Zapisano", "Uwagi"}

// ExportRow is one registration as exported, in the order of ExportColumns.
func ExportRow(i int, r Registration) []string {
	return []string{
		strconv.Itoa(i + 1), r.Meeting(), r.Organization, r.KRS, r.ContactName, r.Email, r.Phone,
		strconv.Itoa(r.Attendees), StatusPL(r.Status), SourcePL(r.Source),
		r.CreatedAt.In(Warsaw).Format("02.01.2006 15:04"), r.Note,
	}
}

// WriteCSV writes registrations as CSV in UTF-8 with a byte-order mark, so
// that Excel shows Polish letters, and CRLF line ends.
func WriteCSV(w io.Writer, regs []Registration) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(ExportColumns); err != nil {
		return err
	}
	for i, r := range regs {
		if err := cw.Write(ExportRow(i, r)); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export CSV: %w", err)
	}
	return nil
}

// exportJSON is a registration in a JSON export.
type exportJSON struct {
	ID           string `json:"id"`
	MeetingID    string `json:"meeting_id"`
	Status       string `json:"status"`
	Organization string `json:"organization"`
	KRS          string `json:"krs"`
	ContactName  string `json:"contact_name"`
	Email        string `json:"email"`
	Phone        string `json:"phone"`
	Attendees    int    `json:"attendees"`
	Source       string `json:"source"`
	CreatedAt    string `json:"created_at"`
	Note         string `json:"note"`
}

// WriteJSON writes registrations as a JSON array (UTF-8, letters as they are).
func WriteJSON(w io.Writer, regs []Registration) error {
	out := make([]exportJSON, len(regs))
	for i, r := range regs {
		out[i] = exportJSON{
			ID: r.ID, MeetingID: r.Meeting(), Status: r.Status, Organization: r.Organization, KRS: r.KRS,
			ContactName: r.ContactName, Email: r.Email, Phone: r.Phone, Attendees: r.Attendees,
			Source: r.Source, CreatedAt: r.CreatedAt.In(Warsaw).Format("2006-01-02T15:04:05-07:00"), Note: r.Note,
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
