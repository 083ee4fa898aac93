package main

import (
	"encoding/json"
	"fmt"
	"os"

	"zapisy/intake"
	"zapisy/intake/understand"
	"zapisy/storage"
)

// parseLine is one line of `zapisy parse`, in the shape of the corpus'
// expected.json.
type parseLine struct {
	File          string                `json:"file"`
	Action        intake.Action         `json:"action"`
	Reason        string                `json:"reason"`
	Registrations []intake.Registration `json:"registrations"`
}

func (e *env) parse(args []string) error {
	fs, cfgPath := e.flags("parse")
	meetingsCSV := fs.String("meetings", "", "meetings CSV (then no database is needed)")
	if err := parseFlags(fs, args, -1); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("parse: give one or more .eml files")
	}
	meetings, err := e.parseMeetings(*meetingsCSV, *cfgPath)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	var unreadable []string
	for _, path := range fs.Args() {
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintf(e.stderr, "zapisy parse: %v\n", err)
			unreadable = append(unreadable, path)
			continue
		}
		d := understand.Decide(understand.Read(f), meetings, e.now())
		f.Close()
		if d.Registrations == nil {
			d.Registrations = []intake.Registration{}
		}
		if err := enc.Encode(parseLine{File: path, Action: d.Action, Reason: d.Reason, Registrations: d.Registrations}); err != nil {
			return err
		}
	}
	if len(unreadable) > 0 {
		return usagef("parse: %d file(s) could not be read", len(unreadable))
	}
	return nil
}

func (e *env) parseMeetings(csvPath, cfgPath string) ([]storage.Meeting, error) {
	if csvPath != "" {
		f, err := os.Open(csvPath)
		if err != nil {
			return nil, usageError{err}
		}
		defer f.Close()
		ms, err := storage.ReadMeetingsCSV(f)
		if err != nil {
			return nil, usagef("%s: %v", csvPath, err)
		}
		return ms, nil
	}
	db, err := e.openDB(cfgPath)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return db.PlainMeetings(e.ctx)
}
