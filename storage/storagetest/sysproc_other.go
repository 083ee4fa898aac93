//go:build unix && !linux

package storagetest

import "syscall"

// sysProcAttr runs a server process as cred (nil: as ourselves). Without
// Linux's parent-death signal, a killed test binary leaves its cluster
// running: stop it by hand (the directory names its owner's pid).
func sysProcAttr(cred *syscall.Credential) *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Credential: cred}
}
