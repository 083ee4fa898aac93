package web

import (
	"testing"
	"time"

	"zapisy/storage"
)

func TestNextMeetingID(t *testing.T) {
	ids := func(ids ...string) []storage.MeetingInfo {
		var ms []storage.MeetingInfo
		for _, id := range ids {
			ms = append(ms, storage.MeetingInfo{Meeting: storage.Meeting{ID: id}})
		}
		return ms
	}
	tests := []struct {
		ms   []storage.MeetingInfo
		want string
	}{
		{nil, "m1"},
		{ids("m1", "m2"), "m3"},
		{ids("m9", "m10", "m2"), "m11"},
		{ids("m3", "m03", "m-5", "m", "mx7", "podgorze-2"), "m4"},
		{ids("podgorze"), "m1"},
	}
	for _, tc := range tests {
		if got := nextMeetingID(tc.ms); got != tc.want {
			t.Errorf("nextMeetingID(%v) = %q, want %q", tc.ms, got, tc.want)
		}
	}
}

func TestClockOn(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, storage.Warsaw) }
	tests := []struct {
		day         time.Time
		typed       string
		want        time.Time // zero: refused
		wantProblem string
	}{
		{day(2014, 11, 19), "16:00", time.Date(2014, 11, 19, 16, 0, 0, 0, storage.Warsaw), ""},
		{day(2014, 11, 19), "16:00:00", time.Date(2014, 11, 19, 16, 0, 0, 0, storage.Warsaw), ""},
		{day(2014, 11, 19), "9.30", time.Date(2014, 11, 19, 9, 30, 0, 0, storage.Warsaw), ""},
		{day(2014, 11, 19), "", time.Time{}, "Podaj godzinę rozpoczęcia."},
		{day(2014, 11, 19), "16", time.Time{}, "Podaj godzinę rozpoczęcia jako GG:MM, np. 16:00."},
		{day(2014, 11, 19), "24:00", time.Time{}, "Podaj godzinę rozpoczęcia jako GG:MM, np. 16:00."},
		// 2:30 does not exist in Warsaw on the last Sunday of March.
		{day(2015, 3, 29), "02:30", time.Time{}, "Tej godziny nie ma tego dnia (zmiana czasu na letni)."},
		// Summer time: 16:00 is 14:00 UTC.
		{day(2015, 6, 10), "16:00", time.Date(2015, 6, 10, 14, 0, 0, 0, time.UTC), ""},
	}
	for _, tc := range tests {
		got, msg := clockOn(tc.day, tc.typed, "rozpoczęcia")
		if !got.Equal(tc.want) || msg != tc.wantProblem {
			t.Errorf("clockOn(%s, %q) = %v, %q; want %v, %q", tc.day.Format(time.DateOnly), tc.typed, got, msg, tc.want, tc.wantProblem)
		}
	}
}

func TestMailNotePlurals(t *testing.T) {
	tests := []struct {
		told, unreachable int
		want              string
	}{
		{0, 0, "Nikt nie jest zapisany, więc nikt nie dostanie wiadomości."},
		{1, 0, "1 osoba dostanie e-mail X."},
		{3, 0, "3 osoby dostaną e-mail X."},
		{5, 0, "5 osób dostanie e-mail X."},
		{12, 0, "12 osób dostanie e-mail X."},
		{22, 2, "22 osoby dostaną e-mail X. 2 zapisy nie mają adresu e-mail: do tych osób trzeba zadzwonić."},
		{0, 5, "Nikt z zapisanych nie podał adresu e-mail, więc nikt nie dostanie e-maila. 5 zapisów nie ma adresu e-mail: do tych osób trzeba zadzwonić."},
	}
	for _, tc := range tests {
		if got := mailNote(tc.told, tc.unreachable, "X"); got != tc.want {
			t.Errorf("mailNote(%d, %d) = %q, want %q", tc.told, tc.unreachable, got, tc.want)
		}
	}
}
