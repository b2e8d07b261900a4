package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// promptPassword asks for a database password on the terminal, without
// showing what is typed. Without a terminal (a script, a pipe) it asks
// nothing and returns "" (the server's refusal is then the error).
func promptPassword(user, host string) (string, error) {
	fd := int(os.Stdin.Fd())
	restore, err := noEcho(fd)
	if err != nil {
		return "", nil // not a terminal
	}
	if host == "" || strings.HasPrefix(host, "/") {
		host = "this computer"
	}
	fmt.Fprintf(stderr, "Password for %s on %s: ", user, host)
	stderr.Flush()
	line, err := readLine(os.Stdin)
	restore()
	fmt.Fprintln(stderr)
	return line, err
}

// readLine reads up to a line break, a byte at a time (nothing after it is
// taken from the terminal).
func readLine(f *os.File) (string, error) {
	var b []byte
	var c [1]byte
	for {
		n, err := f.Read(c[:])
		if n == 1 {
			if c[0] == '\n' {
				return strings.TrimSuffix(string(b), "\r"), nil
			}
			b = append(b, c[0])
		}
		if err != nil {
			if len(b) > 0 {
				return string(b), nil
			}
			return "", errors.New("no password was typed")
		}
	}
}
