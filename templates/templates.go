// Package templates holds Zapisy's user-facing text as an embedded file
// system, parsed at start-up so that a broken template fails at boot.
//
// Layout of FS:
//
//	mail/<lang>/<kind>.txt   text/template: defines "subject" and "text"
//	mail/<lang>/<kind>.html  html/template: defines "content"
//	mail/<lang>/common.txt  pieces shared by the text parts
//	mail/<lang>/layout.html the HTML frame ("html") and shared pieces
//
// <lang> is pl (the default) or en; <kind> is a notice kind without its
// suffix (reminder for reminder-1d, changed for changed-3). Package notify
// renders them. The staff desk's pages live under web/ (package web renders
// them).
//
// Staff-facing labels that code needs as strings are here too: ReasonPL puts
// a decision's reason into Polish, KindPL names a notice kind.
package templates

import "embed"

// FS is the tree described above.
//
//go:embed mail web
var FS embed.FS
