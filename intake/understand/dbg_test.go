package understand

import (
	"fmt"
	"os"
	"testing"
	"time"

	"zapisy/storage"
)

func TestDbgRefs(t *testing.T) {
	f, _ := os.Open("testdata/generalise10/meetings.csv")
	ms, _ := storage.ReadMeetingsCSV(f)
	ix := newMeetingIndex(ms)
	r := ix.refs(os.Getenv("DBG"), time.Date(2014, 11, 12, 12, 0, 0, 0, time.UTC))
	fmt.Printf("%+v\n", r)
}
