package storagetest

import "syscall"

// sysProcAttr runs a server process as cred (nil: as ourselves) and makes the
// kernel send it SIGQUIT (PostgreSQL's immediate shutdown) when the test
// binary dies, so a crashed or killed test run leaves no server behind.
func sysProcAttr(cred *syscall.Credential) *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT}
}
