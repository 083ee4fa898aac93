package storage

import "time"

// Meeting is one consultation meeting that NGOs sign up for.
type Meeting struct {
	ID       string    `db:"id" json:"id"`
	Title    string    `db:"title" json:"title"`
	StartsAt time.Time `db:"starts_at" json:"starts_at"`
	EndsAt   time.Time `db:"ends_at" json:"ends_at"`
	Location string    `db:"location" json:"location"`
	Capacity int       `db:"capacity" json:"capacity"` // attendees; 0 means no limit
}
