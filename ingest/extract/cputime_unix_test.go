//go:build unix

package extract

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time this process has used (user and system), which
// other processes on a shared machine do not inflate as they do wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
