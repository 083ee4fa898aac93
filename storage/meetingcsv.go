package storage

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// meetingColumns is the column order of a meetings CSV file, as in
// shared/corpus/meetings.csv.
var meetingColumns = []string{"id", "title", "starts_at", "ends_at", "location", "capacity"}

// ReadMeetingsCSV reads meetings in the column format
// id,title,starts_at,ends_at,location,capacity (times in RFC 3339 with an
// offset). The first line must be that header. It reads all rows or none: the
// first bad row is returned as an error naming its line number and column.
func ReadMeetingsCSV(r io.Reader) ([]Meeting, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("meetings CSV: the file is empty (want the header " + strings.Join(meetingColumns, ",") + ")")
	}
	if err != nil {
		return nil, fmt.Errorf("meetings CSV: %w", err)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff") // Excel's BOM
	}
	if strings.Join(header, ",") != strings.Join(meetingColumns, ",") {
		return nil, fmt.Errorf("meetings CSV line 1: header is %q, want %q", strings.Join(header, ","), strings.Join(meetingColumns, ","))
	}
	var out []Meeting
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("meetings CSV: %w", err)
		}
		m, err := meetingFromRecord(rec)
		if err != nil {
			return nil, fmt.Errorf("meetings CSV line %d: %w", line, err)
		}
		if prev, ok := seen[m.ID]; ok {
			return nil, fmt.Errorf("meetings CSV line %d: id %q already used on line %d", line, m.ID, prev)
		}
		seen[m.ID] = line
		out = append(out, m)
	}
	return out, nil
}

func meetingFromRecord(rec []string) (Meeting, error) {
	if len(rec) != len(meetingColumns) {
		return Meeting{}, fmt.Errorf("%d columns, want %d (%s)", len(rec), len(meetingColumns), strings.Join(meetingColumns, ","))
	}
	m := Meeting{ID: strings.TrimSpace(rec[0]), Title: strings.TrimSpace(rec[1]), Location: strings.TrimSpace(rec[4])}
	if m.ID == "" {
		return Meeting{}, errors.New("id is empty")
	}
	if m.Title == "" {
		return Meeting{}, errors.New("title is empty")
	}
	var err error
	if m.StartsAt, err = time.Parse(time.RFC3339, strings.TrimSpace(rec[2])); err != nil {
		return Meeting{}, fmt.Errorf("starts_at %q is not a time like 2014-11-19T16:00:00+01:00", rec[2])
	}
	if m.EndsAt, err = time.Parse(time.RFC3339, strings.TrimSpace(rec[3])); err != nil {
		return Meeting{}, fmt.Errorf("ends_at %q is not a time like 2014-11-19T18:00:00+01:00", rec[3])
	}
	if !m.EndsAt.After(m.StartsAt) {
		return Meeting{}, errors.New("ends_at is not after starts_at")
	}
	if c := strings.TrimSpace(rec[5]); c != "" {
		if m.Capacity, err = strconv.Atoi(c); err != nil || m.Capacity < 0 {
			return Meeting{}, fmt.Errorf("capacity %q is not a whole number of 0 or more", rec[5])
		}
	}
	return m, nil
}
