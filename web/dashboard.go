package web

import (
	"context"
	"net/http"
	"time"

	"zapisy/notify"
	"zapisy/storage"
)

// meetingRow is a meeting with its numbers, as the dashboard lists it.
type meetingRow struct {
	storage.MeetingInfo
	Taken         int // attendees registered
	Registrations int // registered sign-ups (organisations)
	Waiting       int // sign-ups on the waiting list
	WaitingPeople int
	Full          bool
}

type dashboardData struct {
	Upcoming []meetingRow
	Past     []meetingRow
	Review   int
	Problems int
}

func (s *server) dashboard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rows, err := s.meetingRows(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var d dashboardData
	now := s.now()
	for _, m := range rows {
		if ended(m.MeetingInfo, now) {
			d.Past = append(d.Past, m)
		} else {
			d.Upcoming = append(d.Upcoming, m)
		}
	}
	// Most recent first: the past list is for looking something up.
	for i, j := 0, len(d.Past)-1; i < j; i, j = i+1, j-1 {
		d.Past[i], d.Past[j] = d.Past[j], d.Past[i]
	}
	review, err := s.db.InboundMessages(ctx, storage.InboundFilter{ReviewOpen: true})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	problems, err := notify.Problems(ctx, s.db)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Review, d.Problems = len(review), len(problems)
	s.render(w, r, http.StatusOK, "dashboard", "staff", view{Title: "Spotkania", Nav: "dashboard", Data: d})
}

func ended(m storage.MeetingInfo, now time.Time) bool {
	end := m.EndsAt
	if !end.After(m.StartsAt) {
		end = m.StartsAt
	}
	return !now.Before(end)
}

// meetingRows lists every meeting, earliest first, with places taken and the
// waiting list counted from its registrations.
func (s *server) meetingRows(ctx context.Context) ([]meetingRow, error) {
	ms, err := s.db.Meetings(ctx)
	if err != nil {
		return nil, err
	}
	regs, err := s.db.Registrations(ctx, storage.RegistrationFilter{})
	if err != nil {
		return nil, err
	}
	idx := map[string]int{}
	rows := make([]meetingRow, len(ms))
	for i, m := range ms {
		rows[i].MeetingInfo = m
		idx[m.ID] = i
	}
	for _, reg := range regs {
		i, ok := idx[reg.Meeting()]
		if !ok {
			continue
		}
		switch reg.Status {
		case storage.StatusRegistered:
			rows[i].Taken += reg.Attendees
			rows[i].Registrations++
		case storage.StatusWaitlisted:
			rows[i].Waiting++
			rows[i].WaitingPeople += reg.Attendees
		}
	}
	for i := range rows {
		rows[i].Full = rows[i].Capacity > 0 && rows[i].Taken >= rows[i].Capacity
	}
	return rows, nil
}
