package imaptest

import (
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
)

// ephemeralRangeFile holds the kernel's range of local ports for outgoing
// connections (Linux).
const ephemeralRangeFile = "/proc/sys/net/ipv4/ip_local_port_range"

// lowestPort is the lowest port loopbackListen picks: below it live more of
// the registered services.
const lowestPort = 10000

// loopbackListen listens on a 127.0.0.1 port below the kernel's range of
// ephemeral ports where it can, on any free port otherwise.
//
// Outgoing connections take their local port from that range, so below it no
// client socket can take the port of a stopped server before it starts again.
// And a dial to a port in the range while nothing listens there can, now and
// then, connect the socket to itself (TCP simultaneous open on loopback);
// besides fooling the dialer, that leaves the port in TIME-WAIT for a minute,
// so the server cannot listen on it again.
func loopbackListen() (net.Listener, error) {
	if low := ephemeralLow(); low > lowestPort+1000 {
		for range 50 {
			port := lowestPort + rand.IntN(low-lowestPort)
			if ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
				return ln, nil
			}
		}
	}
	return net.Listen("tcp", "127.0.0.1:0")
}

// ephemeralLow returns the lowest ephemeral port, or 0 where it is not known.
func ephemeralLow() int {
	b, err := os.ReadFile(ephemeralRangeFile)
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) != 2 {
		return 0
	}
	low, err := strconv.Atoi(f[0])
	if err != nil {
		return 0
	}
	return low
}
