//go:build !linux

package imaptest

import "syscall"

// sysProcAttr: without Linux's parent-death signal, a killed test binary
// leaves its Dovecot running until stopped by hand.
func sysProcAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }
