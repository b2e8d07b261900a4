package postgres

import (
	"net/url"
	"strings"
)

// Connection strings. A register's address is a URL
// (postgres://user@host:5432/steward?sslmode=verify-full) or libpq's
// keyword=value form. Steward never stores a password: the password file
// (PGPASSFILE, ~/.pgpass), PGPASSWORD or a prompt gives it; an address
// typed with one is used for that run and saved without it.

// IsURL tells whether a --db value names a PostgreSQL register (a
// postgres:// or postgresql:// URL) rather than a SQLite file.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// HasPassword tells whether the connection string carries a password.
func HasPassword(conn string) bool {
	return WithoutPassword(conn) != conn
}

// WithoutPassword is the connection string with any password taken out
// (the URL's user:password@, a password= parameter or keyword), so that
// it can be saved in settings or shown. Everything else is kept as it was.
func WithoutPassword(conn string) string {
	if IsURL(conn) {
		return urlWithoutPassword(conn)
	}
	return keywordsWithoutPassword(conn)
}

func urlWithoutPassword(conn string) string {
	u, err := url.Parse(conn)
	if err != nil {
		// Too broken to parse (a password with an unescaped '/' or '#'):
		// drop everything between "//" and the last '@' but the user.
		rest := conn[strings.Index(conn, "//")+2:]
		at := strings.LastIndex(rest, "@")
		if at < 0 {
			return conn
		}
		user, _, _ := strings.Cut(rest[:at], ":")
		return conn[:len(conn)-len(rest)] + user + rest[at:]
	}
	changed := false
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.User(u.User.Username())
			changed = true
		}
	}
	q := u.Query()
	if q.Has("password") {
		q.Del("password")
		u.RawQuery = q.Encode()
		changed = true
	}
	if !changed {
		return conn
	}
	return u.String()
}

// keywordsWithoutPassword drops password=... from a keyword=value string
// (values may be single-quoted, with \' and \\ inside).
func keywordsWithoutPassword(conn string) string {
	var out []string
	found := false
	s := conn
	for {
		s = strings.TrimLeft(s, " \t\n\r\f\v")
		if s == "" {
			break
		}
		// key
		eq := strings.IndexByte(s, '=')
		if eq < 0 {
			return conn // not a keyword string: leave it
		}
		key := strings.TrimSpace(s[:eq])
		rest := strings.TrimLeft(s[eq+1:], " \t")
		// value
		var end int
		if strings.HasPrefix(rest, "'") {
			end = 1
			for end < len(rest) && rest[end] != '\'' {
				if rest[end] == '\\' {
					end++
				}
				end++
			}
			end++ // closing quote
			if end > len(rest) {
				end = len(rest)
			}
		} else {
			end = strings.IndexAny(rest, " \t\n\r\f\v")
			if end < 0 {
				end = len(rest)
			}
		}
		if key == "password" {
			found = true
		} else {
			out = append(out, key+"="+rest[:end])
		}
		s = rest[end:]
	}
	if !found {
		return conn
	}
	return strings.Join(out, " ")
}
