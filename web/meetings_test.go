package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"zapisy/storage"
	"zapisy/web"
)

// newMeeting is a valid "Dodaj spotkanie" form: m3, nine days ahead.
func newMeeting() url.Values {
	return url.Values{"id": {"m3"}, "title": {"Konsultacje — Nowa Huta"}, "date": {"2014-11-20"},
		"start": {"10:00"}, "end": {"12:30"}, "location": {"os. Zgody 7, Kraków"}, "capacity": {"25"}, "staff": {"Ola"}}
}

func with(f url.Values, kv ...string) url.Values {
	g := url.Values{}
	for k, v := range f {
		g[k] = append([]string(nil), v...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		g.Set(kv[i], kv[i+1])
	}
	return g
}

func TestAddMeeting(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		seed(t, db)
		ctx := context.Background()
		d := newDesk(t, db, web.Options{})

		wantBody(t, d.get("/"), `href="/spotkania/nowe"`, "Dodaj spotkanie")
		r := d.get("/spotkania/nowe")
		wantCode(t, r, 200)
		wantBody(t, r, `<h1>Dodaj spotkanie</h1>`, `name="id" type="text"`, `value="m3"`, // the next free mN
			`type="date"`, `name="start" type="time"`, `name="end" type="time"`, "0 = bez limitu", `id="staff-meeting"`)

		bad := []struct {
			name, field string
			form        url.Values
			want        string
		}{
			{"duplicate id", "id", with(newMeeting(), "id", "m1"), "Spotkanie m1 już istnieje („Konsultacje programu współpracy — Podgórze”)"},
			{"no id", "id", with(newMeeting(), "id", ""), "Podaj identyfikator, np. m3."},
			{"id with a space", "id", with(newMeeting(), "id", "m 3"), "tylko małe litery a–z, cyfry i łącznik"},
			{"id with a Polish letter", "id", with(newMeeting(), "id", "łąka"), "tylko małe litery a–z"},
			{"the form's own address", "id", with(newMeeting(), "id", "nowe"), "Tego identyfikatora nie można użyć"},
			{"empty title", "title", with(newMeeting(), "title", " "), "Podaj tytuł spotkania."},
			{"end before start", "end", with(newMeeting(), "end", "09:00"), "musi się kończyć później, niż się zaczyna"},
			{"end at start", "end", with(newMeeting(), "end", "10:00"), "musi się kończyć później"},
			{"past date", "date", with(newMeeting(), "date", "2014-11-09"), "Ta data już minęła."},
			{"today, an hour ago", "start", with(newMeeting(), "date", "2014-11-10", "start", "08:00"), "Ta godzina już minęła (teraz jest 09:00)."},
			{"no date", "date", with(newMeeting(), "date", ""), "Podaj datę spotkania."},
			{"no such date", "date", with(newMeeting(), "date", "2014-11-31"), "Podaj datę spotkania (np. 19.11.2014)."},
			{"bad start", "start", with(newMeeting(), "start", "25:00"), "Podaj godzinę rozpoczęcia jako GG:MM"},
			{"no end", "end", with(newMeeting(), "end", ""), "Podaj godzinę zakończenia."},
			{"no place", "location", with(newMeeting(), "location", ""), "Podaj miejsce spotkania"},
			{"negative capacity", "capacity", with(newMeeting(), "capacity", "-1"), "od 0 do 10000"},
			{"no capacity", "capacity", with(newMeeting(), "capacity", ""), "Podaj liczbę miejsc (0 = bez limitu)."},
			{"no staff", "staff-meeting", with(newMeeting(), "staff", ""), "Wpisz swoje imię i nazwisko"},
		}
		for _, tc := range bad {
			t.Run(tc.name, func(t *testing.T) {
				r := d.post("/spotkania/nowe", tc.form)
				wantCode(t, r, 422)
				wantBody(t, r, `id="`+tc.field+`-err"`, tc.want, "Nie zapisano: popraw zaznaczone pola.",
					`value="`+tc.form.Get("location")+`"`, `value="`+tc.form.Get("date")+`"`, `value="`+tc.form.Get("end")+`"`)
				if tc.field != "title" {
					wantBody(t, r, `value="Konsultacje — Nowa Huta"`)
				}
			})
		}
		if ms, _ := db.Meetings(ctx); len(ms) != 3 {
			t.Fatalf("stored on error: %d meetings", len(ms))
		}

		r = d.post("/spotkania/nowe", with(newMeeting(), "id", "M3")) // capitals are read as small
		wantCode(t, r, 303)
		if r.location != "/spotkania/m3?dodano=1" {
			t.Fatalf("redirect %q", r.location)
		}
		m, err := db.GetMeeting(ctx, "m3")
		if err != nil {
			t.Fatal(err)
		}
		if want := time.Date(2014, 11, 20, 10, 0, 0, 0, storage.Warsaw); !m.StartsAt.Equal(want) || !m.EndsAt.Equal(want.Add(150*time.Minute)) ||
			m.Title != "Konsultacje — Nowa Huta" || m.Location != "os. Zgody 7, Kraków" || m.Capacity != 25 || m.Cancelled || m.Sequence != 0 {
			t.Errorf("stored %+v", m)
		}
		page := d.get(r.location)
		wantBody(t, page, "Dodano spotkanie.", "Konsultacje — Nowa Huta", "czwartek, 20 listopada 2014, godz. 10:00–12:30", "0 / 25")
		wantBody(t, d.get("/spotkania/nowe"), `value="m4"`)

		// 0 places is no limit: nobody waits, however many come.
		wantCode(t, d.post("/spotkania/nowe", with(newMeeting(), "id", "otwarte", "capacity", "0")), 303)
		a := signUp(t, db, "otwarte", "Fundacja A", "a@ngo.example", "", 40)
		b := signUp(t, db, "otwarte", "Fundacja B", "b@ngo.example", "", 40)
		if a.Status != storage.StatusRegistered || b.Status != storage.StatusRegistered {
			t.Errorf("capacity 0: statuses %s, %s", a.Status, b.Status)
		}
		wantBody(t, d.get("/spotkania/otwarte"), "80 / bez limitu")

		// With a login, the form does not ask who is adding.
		ld := newDesk(t, db, web.Options{StaffPassword: "tajne"})
		ld.user, ld.pass = "Ola", "tajne"
		wantNotBody(t, ld.get("/spotkania/nowe"), `name="staff"`)
		wantCode(t, ld.post("/spotkania/nowe", with(newMeeting(), "id", "m5", "staff", "")), 303)
	})
}

var (
	versionRE = regexp.MustCompile(`name="wersja" value="([0-9a-f]+)"`)
	confirmRE = regexp.MustCompile(`name="potwierdzenie" value="([0-9a-f]+)"`)
)

func match(t *testing.T, re *regexp.Regexp, r response) string {
	t.Helper()
	m := re.FindStringSubmatch(r.body)
	if m == nil {
		t.Fatalf("page lacks %s; body:\n%s", re, r.body)
	}
	return m[1]
}

// editForm opens the change form of meeting id and returns it as filled in,
// with the staff member's name.
func editForm(t *testing.T, d *desk, id string) url.Values {
	t.Helper()
	r := d.get("/spotkania/" + id + "/zmien")
	wantCode(t, r, 200)
	m, err := d.db.GetMeeting(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	s, e := m.StartsAt.In(storage.Warsaw), m.EndsAt.In(storage.Warsaw)
	return url.Values{"wersja": {match(t, versionRE, r)}, "title": {m.Title}, "date": {s.Format("2006-01-02")},
		"start": {s.Format("15:04")}, "end": {e.Format("15:04")}, "location": {m.Location},
		"capacity": {strconv.Itoa(m.Capacity)}, "staff": {"Ola"}}
}

// noticesOf counts the notices of kind per registration.
func noticesOf(t *testing.T, db *storage.DB, kind string) map[string]int {
	t.Helper()
	ns, err := db.Notices(context.Background(), storage.NoticeFilter{Kind: kind})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, n := range ns {
		out[n.RegistrationID.String]++
	}
	return out
}

func TestEditMeetingTime(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		seed(t, db)
		ctx := context.Background()
		anna := signUp(t, db, "m1", "Fundacja Łąka", "anna@ngo.example", "", 2)
		klub := signUp(t, db, "m1", "Klub Seniora", "klub@ngo.example", "", 1)
		koło := signUp(t, db, "m1", "Koło Gospodyń", "", "+48601234567", 1)
		gone := signUp(t, db, "m1", "Stowarzyszenie Wędrowników", "w@ngo.example", "", 1)
		if _, err := db.Withdraw(ctx, gone.ID, "test", now); err != nil {
			t.Fatal(err)
		}
		var nudged atomic.Int32
		d := newDesk(t, db, web.Options{OnQueued: func() { nudged.Add(1) }})

		page := d.get("/spotkania/m1")
		wantBody(t, page, `href="/spotkania/m1/zmien"`, "Zmień spotkanie")
		r := d.get("/spotkania/m1/zmien")
		wantBody(t, r, "<h1>Zmień spotkanie</h1>", `value="2014-11-19"`, `value="16:00"`, `value="18:00"`, `value="60"`,
			`value="Konsultacje programu współpracy — Podgórze"`, "<code>m1</code>",
			"Zmiana daty, godziny albo miejsca wysyła powiadomienia.</strong> Każda osoba zapisana na to spotkanie (także z listy rezerwowej) dostaje wtedy e-mail z nowym terminem i miejscem oraz aktualizację wpisu w kalendarzu — teraz to 2 osoby.",
			"1 zapis nie ma adresu e-mail: do tych osób trzeba będzie zadzwonić.", "Przed zapisaniem takiej zmiany pokażemy ją jeszcze raz do potwierdzenia.")
		wantNotBody(t, r, `name="id"`) // the id cannot be changed

		moved := with(editForm(t, d, "m1"), "start", "17:00", "end", "19:00")
		// First the move is shown back; nothing is stored or sent.
		r = d.post("/spotkania/m1/zmien", moved)
		wantCode(t, r, 200)
		wantBody(t, r, "Sprawdź, zanim zapiszesz: zmieniasz termin lub miejsce",
			"Było: środa, 19 listopada 2014, godz. 16:00–18:00, ul. Józefińska 18, Kraków.",
			"Będzie: <strong>środa, 19 listopada 2014, godz. 17:00–19:00, ul. Józefińska 18, Kraków</strong>",
			"2 osoby dostaną e-mail z nowym terminem", "Zapisz i powiadom zapisanych", `value="17:00"`)
		token := match(t, confirmRE, r)
		if m, _ := db.GetMeeting(ctx, "m1"); m.Sequence != 0 || m.StartsAt.In(storage.Warsaw).Hour() != 16 {
			t.Fatalf("stored before the confirmation: %+v", m)
		}
		// A confirmation is for the move shown, not another one.
		other := with(moved, "potwierdzenie", token, "start", "18:00", "end", "20:00")
		wantBody(t, d.post("/spotkania/m1/zmien", other), "Sprawdź, zanim zapiszesz", "godz. 18:00–20:00")
		if m, _ := db.GetMeeting(ctx, "m1"); m.Sequence != 0 {
			t.Fatalf("another move saved with the first one's confirmation: %+v", m)
		}
		if n := len(noticesOf(t, db, "changed-1")); n != 0 || nudged.Load() != 0 {
			t.Fatalf("%d changed notices, %d nudges before saving", n, nudged.Load())
		}

		r = d.post("/spotkania/m1/zmien", with(moved, "potwierdzenie", token))
		wantCode(t, r, 303)
		if r.location != "/spotkania/m1?awans=0&maile=2&telefony=1&zmieniono=termin" {
			t.Errorf("redirect %q", r.location)
		}
		m, _ := db.GetMeeting(ctx, "m1")
		if want := time.Date(2014, 11, 19, 17, 0, 0, 0, storage.Warsaw); m.Sequence != 1 || !m.StartsAt.Equal(want) || !m.EndsAt.Equal(want.Add(2*time.Hour)) {
			t.Errorf("after the move: sequence %d, %v–%v", m.Sequence, m.StartsAt, m.EndsAt)
		}
		changed := noticesOf(t, db, "changed-1")
		if len(changed) != 2 || changed[anna.ID] != 1 || changed[klub.ID] != 1 {
			t.Errorf("changed notices %v, want one each for %s and %s (not %s without address, not %s withdrawn)", changed, anna.ID, klub.ID, koło.ID, gone.ID)
		}
		if ns, _ := db.Notices(ctx, storage.NoticeFilter{RegistrationID: anna.ID, Kind: "reminder-1d"}); len(ns) != 1 ||
			!ns[0].NotBefore.Equal(time.Date(2014, 11, 18, 17, 0, 0, 0, storage.Warsaw)) {
			t.Errorf("reminder not moved: %+v", ns)
		}
		if nudged.Load() != 1 {
			t.Errorf("sender nudged %d times", nudged.Load())
		}
		page = d.get(r.location)
		wantBody(t, page, "Zapisano nowy termin lub miejsce. 2 osoby dostaną e-mail z nowym terminem i miejscem oraz aktualizacją wpisu w kalendarzu. 1 zapis nie ma adresu e-mail",
			"godz. 17:00–19:00")

		// A form filled before someone else's change is not saved over it.
		stale := with(editForm(t, d, "m1"), "location", "ul. Krakowska 1, Kraków")
		if _, err := db.ImportMeetings(ctx, []storage.Meeting{withTitle(m.Meeting, "Konsultacje — Podgórze (II)")}, now); err != nil {
			t.Fatal(err)
		}
		r = d.post("/spotkania/m1/zmien", stale)
		wantCode(t, r, 409)
		wantBody(t, r, "ktoś inny zmienił to spotkanie", "Teraz zapisane", "Konsultacje — Podgórze (II)", `value="ul. Krakowska 1, Kraków"`)
		if got, _ := db.GetMeeting(ctx, "m1"); got.Location != m.Location || got.Sequence != 1 {
			t.Errorf("stale form saved: %+v", got)
		}
		// The page shown again carries the new version: now it goes through.
		r = d.post("/spotkania/m1/zmien", with(stale, "wersja", match(t, versionRE, r)))
		wantCode(t, r, 200)
		wantBody(t, r, "Było: środa, 19 listopada 2014, godz. 17:00–19:00, ul. Józefińska 18, Kraków.")
	})
}

func withTitle(m storage.Meeting, title string) storage.Meeting {
	m.Title = title
	return m
}

func TestEditMeetingTitleOnly(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		seed(t, db)
		ctx := context.Background()
		signUp(t, db, "m1", "Fundacja Łąka", "anna@ngo.example", "", 2)
		var nudged atomic.Int32
		d := newDesk(t, db, web.Options{OnQueued: func() { nudged.Add(1) }})
		before, _ := db.Notices(ctx, storage.NoticeFilter{})

		r := d.post("/spotkania/m1/zmien", with(editForm(t, d, "m1"), "title", "Konsultacje programu współpracy 2015 — Podgórze"))
		wantCode(t, r, 303) // no confirmation: nobody is told
		m, _ := db.GetMeeting(ctx, "m1")
		if m.Title != "Konsultacje programu współpracy 2015 — Podgórze" || m.Sequence != 0 {
			t.Errorf("after the title change: %q, sequence %d", m.Title, m.Sequence)
		}
		if after, _ := db.Notices(ctx, storage.NoticeFilter{}); len(after) != len(before) {
			t.Errorf("a title change queued %d notices", len(after)-len(before))
		}
		if nudged.Load() != 0 {
			t.Errorf("sender nudged %d times", nudged.Load())
		}
		wantBody(t, d.get(r.location), "Zapisano zmiany. Termin i miejsce są bez zmian, więc nikt nie dostanie wiadomości o zmianie.",
			"<h1>Konsultacje programu współpracy 2015 — Podgórze</h1>")

		r = d.post("/spotkania/m1/zmien", editForm(t, d, "m1"))
		wantCode(t, r, 303)
		wantBody(t, d.get(r.location), "Nic nie zmieniono")

		// A meeting nobody signed up for moves without a confirmation.
		r = d.post("/spotkania/m2/zmien", with(editForm(t, d, "m2"), "date", "2014-11-27"))
		wantCode(t, r, 303)
		wantBody(t, d.get(r.location), "Zapisano nowy termin lub miejsce. Nikt nie jest zapisany, więc nikt nie dostanie wiadomości.")
	})
}

func TestEditMeetingCapacityPromotes(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		seed(t, db)
		ctx := context.Background()
		signUp(t, db, "m2", "Klub Seniora", "a@ngo.example", "", 2) // m2 has 2 places
		waiting := signUp(t, db, "m2", "Stowarzyszenie Wędrowników", "b@ngo.example", "", 1)
		last := signUp(t, db, "m2", "Fundacja Duża", "c@ngo.example", "", 3)
		if waiting.Status != storage.StatusWaitlisted || last.Status != storage.StatusWaitlisted {
			t.Fatalf("statuses %s, %s", waiting.Status, last.Status)
		}
		var nudged atomic.Int32
		d := newDesk(t, db, web.Options{OnQueued: func() { nudged.Add(1) }})

		r := d.post("/spotkania/m2/zmien", with(editForm(t, d, "m2"), "capacity", "4"))
		wantCode(t, r, 303)
		if got, _ := db.GetRegistration(ctx, waiting.ID); got.Status != storage.StatusRegistered {
			t.Errorf("first on the waiting list: %s", got.Status)
		}
		if got, _ := db.GetRegistration(ctx, last.ID); got.Status != storage.StatusWaitlisted {
			t.Errorf("a group of 3 in 1 free place: %s", got.Status)
		}
		if ns, _ := db.Notices(ctx, storage.NoticeFilter{RegistrationID: waiting.ID, Kind: storage.KindPromoted}); len(ns) != 1 {
			t.Errorf("promotion notices %d", len(ns))
		}
		if m, _ := db.GetMeeting(ctx, "m2"); m.Capacity != 4 || m.Sequence != 0 {
			t.Errorf("meeting %+v", m)
		}
		if nudged.Load() != 1 {
			t.Errorf("sender nudged %d times", nudged.Load())
		}
		wantBody(t, d.get(r.location), "Zapisano zmiany.", "1 zapis przeszedł z listy rezerwowej na listę zapisanych", "3 / 4")
	})
}

func TestEditMeetingRefused(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		seed(t, db)
		ctx := context.Background()
		signUp(t, db, "m1", "Fundacja Łąka", "anna@ngo.example", "", 2)
		d := newDesk(t, db, web.Options{})
		f := editForm(t, d, "m1")
		past := editForm(t, d, "m0")

		bad := []struct {
			name, id, field string
			form            url.Values
			want            string
		}{
			{"empty title", "m1", "title", with(f, "title", ""), "Podaj tytuł spotkania."},
			{"end before start", "m1", "end", with(f, "end", "15:00"), "musi się kończyć później"},
			{"moved into the past", "m1", "date", with(f, "date", "2014-11-03"), "Ta data już minęła."},
			{"moved to an hour ago", "m1", "start", with(f, "date", "2014-11-10", "start", "08:00", "end", "09:30"), "Ta godzina już minęła"},
			{"meeting that took place, new place", "m0", "location", with(past, "location", "ul. Krakowska 1"), "już się zaczęło albo odbyło: nie można zmienić jego terminu ani miejsca"},
			{"meeting that took place, new day", "m0", "date", with(past, "date", "2014-11-20"), "nie można zmienić jego terminu"},
			{"bad capacity", "m1", "capacity", with(f, "capacity", "dużo"), "od 0 do 10000"},
			{"no staff", "m1", "staff-meeting", with(f, "staff", ""), "Wpisz swoje imię i nazwisko"},
		}
		for _, tc := range bad {
			t.Run(tc.name, func(t *testing.T) {
				r := d.post("/spotkania/"+tc.id+"/zmien", tc.form)
				wantCode(t, r, 422)
				wantBody(t, r, `id="`+tc.field+`-err"`, tc.want, "Nie zapisano: popraw zaznaczone pola.",
					`value="`+tc.form.Get("date")+`"`, `value="`+tc.form.Get("location")+`"`)
			})
		}
		for _, id := range []string{"m0", "m1"} {
			if m, _ := db.GetMeeting(ctx, id); m.Sequence != 0 || m.Location != "ul. Józefińska 18, Kraków" || m.Title == "" || m.Capacity == 0 {
				t.Errorf("stored on error: %+v", m)
			}
		}
		if ns := noticesOf(t, db, "changed-1"); len(ns) != 0 {
			t.Errorf("changed notices on error: %v", ns)
		}
		// A meeting that took place keeps its time, but a typo in its title
		// can be fixed.
		wantCode(t, d.post("/spotkania/m0/zmien", with(past, "title", "Spotkanie otwierające (2014)")), 303)

		wantCode(t, d.get("/spotkania/m9/zmien"), 404)
		wantCode(t, d.post("/spotkania/m9/zmien", f), 404)
		wantCode(t, d.post("/spotkania/m9/odwolaj", url.Values{"potwierdzam": {"tak"}, "staff": {"Ola"}}), 404)
	})
}

func TestCancelMeeting(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		seed(t, db)
		ctx := context.Background()
		anna := signUp(t, db, "m2", "Fundacja Łąka", "anna@ngo.example", "", 2)
		waiting := signUp(t, db, "m2", "Klub Seniora", "klub@ngo.example", "", 1)
		signUp(t, db, "m2", "Koło Gospodyń", "", "+48601234567", 1)
		var nudged atomic.Int32
		d := newDesk(t, db, web.Options{OnQueued: func() { nudged.Add(1) }})
		edit := editForm(t, d, "m2")

		r := d.get("/spotkania/m2")
		wantBody(t, r, `action="/spotkania/m2/odwolaj"`, "Tak, odwołuję to spotkanie", `id="staff-cancel"`,
			"2 osoby dostaną e-mail o odwołaniu spotkania (wpis zniknie też z kalendarza). 1 zapis nie ma adresu e-mail")
		wantNotBody(t, d.get("/spotkania/m0"), `action="/spotkania/m0/odwolaj"`) // took place

		for _, tc := range []struct {
			name, field string
			form        url.Values
			want        string
		}{
			{"not confirmed", "confirm", url.Values{"staff": {"Ola"}}, "Zaznacz „Tak, odwołuję to spotkanie”"},
			{"confirmed otherwise", "confirm", url.Values{"staff": {"Ola"}, "potwierdzam": {"nie"}}, "Zaznacz „Tak, odwołuję to spotkanie”"},
			{"no staff", "staff-cancel", url.Values{"potwierdzam": {"tak"}}, "Wpisz swoje imię i nazwisko"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := d.post("/spotkania/m2/odwolaj", tc.form)
				wantCode(t, r, 422)
				wantBody(t, r, `id="`+tc.field+`-err"`, tc.want, "Nie odwołano: popraw zaznaczone pola.")
			})
		}
		if m, _ := db.GetMeeting(ctx, "m2"); m.Cancelled {
			t.Fatal("cancelled without a confirmation")
		}
		if ns := noticesOf(t, db, storage.KindMeetingCancelled); len(ns) != 0 || nudged.Load() != 0 {
			t.Fatalf("cancellation notices %v, nudges %d without a confirmation", ns, nudged.Load())
		}

		r = d.post("/spotkania/m2/odwolaj", url.Values{"potwierdzam": {"tak"}, "staff": {"Martyna Niedośpiał"}})
		wantCode(t, r, 303)
		if r.location != "/spotkania/m2?maile=2&odwolano=1&telefony=1" {
			t.Errorf("redirect %q", r.location)
		}
		if m, _ := db.GetMeeting(ctx, "m2"); !m.Cancelled {
			t.Fatal("not cancelled")
		}
		ns := noticesOf(t, db, storage.KindMeetingCancelled)
		if len(ns) != 2 || ns[anna.ID] != 1 || ns[waiting.ID] != 1 {
			t.Errorf("cancellation notices %v", ns)
		}
		if nudged.Load() != 1 {
			t.Errorf("sender nudged %d times", nudged.Load())
		}
		page := d.get(r.location)
		wantBody(t, page, "Spotkanie odwołane. 2 osoby dostaną e-mail o odwołaniu spotkania", `<span class="tag">odwołane</span>`)
		wantNotBody(t, page, `href="/spotkania/m2/zmien"`, `action="/spotkania/m2/odwolaj"`, "Zapisz osobę z telefonu")

		wantBody(t, d.post("/spotkania/m2/odwolaj", url.Values{"potwierdzam": {"tak"}, "staff": {"Ola"}}), "To spotkanie jest już odwołane.")
		wantCode(t, d.post("/spotkania/m0/odwolaj", url.Values{"potwierdzam": {"tak"}, "staff": {"Ola"}}), 409)
		if m, _ := db.GetMeeting(ctx, "m0"); m.Cancelled {
			t.Error("a meeting that took place was cancelled")
		}

		// A cancelled meeting cannot be changed, by the form or past it.
		r = d.get("/spotkania/m2/zmien")
		wantCode(t, r, 409)
		wantBody(t, r, "To spotkanie jest odwołane: nie można go już zmienić.")
		before, _ := db.GetMeeting(ctx, "m2")
		r = d.post("/spotkania/m2/zmien", with(edit, "start", "17:00", "end", "19:00", "title", "Inny tytuł"))
		wantCode(t, r, 409)
		wantBody(t, r, "nie można go już zmienić")
		if after, _ := db.GetMeeting(ctx, "m2"); after != before {
			t.Errorf("cancelled meeting changed: %+v", after)
		}
		if ns := noticesOf(t, db, "changed-2"); len(ns) != 0 {
			t.Errorf("changed notices for a cancelled meeting: %v", ns)
		}
	})
}
