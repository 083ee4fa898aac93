package imaptest

import "syscall"

// sysProcAttr makes the kernel send Dovecot's master SIGTERM when the test
// binary dies, so a crashed or killed test run leaves no server behind, and
// gives Dovecot a process group of its own (see dovecotBackend.stop).
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM, Setpgid: true}
}
