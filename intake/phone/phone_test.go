package phone

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"zapisy/storage"
)

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{"600 123 456", "+48600123456", ""},
		{"600-123-456", "+48600123456", ""},
		{"+48 600 123 456", "+48600123456", ""},
		{"0048600123456", "+48600123456", ""},
		{"(12) 345 67 89", "+48123456789", ""},
		{"12 345-67-89", "+48123456789", ""},
		{"535 655 055", "+48535655055", ""},
		{"+49 30 1234567", "+49301234567", ""},
		{"", "", "empty"},
		{"123", "", "not a valid number"},
		{"600 123 456 wew. 12", "", "letters"},
		{"dzwonić rano", "", "letters"},
	} {
		got, err := Normalize(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Normalize(%q) = %q, %v; want an error with %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestBookingReportsEveryProblem(t *testing.T) {
	now := time.Date(2014, 11, 10, 9, 0, 0, 0, storage.Warsaw)
	past := storage.MeetingInfo{Meeting: storage.Meeting{ID: "m0", StartsAt: now.Add(-time.Hour)}}
	off := storage.MeetingInfo{Meeting: storage.Meeting{ID: "m9", StartsAt: now.Add(48 * time.Hour)}, Cancelled: true}
	ok := storage.MeetingInfo{Meeting: storage.Meeting{ID: "m2", StartsAt: now.Add(48 * time.Hour)}}
	ms := []storage.MeetingInfo{past, off, ok}
	for _, tc := range []struct {
		name string
		b    Booking
		want []string
	}{
		{"everything wrong", Booking{MeetingID: "m7", Phone: "12", Email: "nie-adres", Attendees: -1}, []string{`meeting "m7" does not exist`, "neither an organisation", "not a valid number", `email "nie-adres"`, "attendees -1"}},
		{"no meeting", Booking{Organization: "X", Phone: "600123456"}, []string{"no meeting given"}},
		{"past", Booking{MeetingID: "m0", Organization: "X", Phone: "600123456"}, []string{"already started"}},
		{"cancelled", Booking{MeetingID: "m9", Organization: "X", Phone: "600123456"}, []string{"cancelled"}},
	} {
		_, err := tc.b.Decision(ms, now)
		var inv *InvalidError
		if !errors.As(err, &inv) {
			t.Errorf("%s: got %v, want an InvalidError", tc.name, err)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q does not say %q", tc.name, err, w)
			}
		}
	}
	d, err := Booking{MeetingID: "m2", Organization: " Fundacja Łąka ", ContactName: "Józef", Phone: "600 123 456", Email: "Jozef <jozef@example.org>", Staff: "Martyna"}.Decision(ms, now)
	if err == nil {
		t.Errorf("a display name in the email was taken: %+v", d)
	}
	d, err = Booking{MeetingID: "m2", Organization: " Fundacja Łąka ", ContactName: "Józef", Phone: "600 123 456", Email: "jozef@example.org", Staff: "Martyna"}.Decision(ms, now)
	if err != nil || d.Registrations[0].Phone != "+48600123456" || d.Registrations[0].Organization != "Fundacja Łąka" || d.Registrations[0].Attendees != 1 {
		t.Errorf("good booking: %+v %v", d, err)
	}
}

func TestRecordSameCallerTwice(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Now()
	start := now.Add(72 * time.Hour)
	if _, err := db.ImportMeetings(ctx, []storage.Meeting{{ID: "m2", Title: "Spotkanie", StartsAt: start, EndsAt: start.Add(time.Hour)}}, now); err != nil {
		t.Fatal(err)
	}
	b := Booking{MeetingID: "m2", Organization: "Fundacja Łąka", Phone: "600 123 456", Staff: "Martyna"}
	first, existing, err := Record(ctx, db, b, now)
	if err != nil || existing || first.Source != storage.SourcePhone || first.SourceRef != "Martyna" {
		t.Fatalf("first: %+v %v %v", first, existing, err)
	}
	b.Phone = "+48 600-123-456"
	second, existing, err := Record(ctx, db, b, now)
	if err != nil || !existing || second.ID != first.ID {
		t.Errorf("second: %+v %v %v, want the first back", second, existing, err)
	}
	// Without an email address there is nobody to mail: no notice queued.
	if ns, _ := db.Notices(ctx, storage.NoticeFilter{RegistrationID: first.ID}); len(ns) != 0 {
		t.Errorf("phone sign-up without email queued %d notices", len(ns))
	}
	evs, _ := db.Events(ctx, first.ID)
	if len(evs) != 1 || evs[0].Actor != "phone: Martyna" {
		t.Errorf("history %+v, want the staff member recorded", evs)
	}
}
