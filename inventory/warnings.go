package inventory

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"
)

// warnings collects what went wrong during a collection from ghw (through
// its slog logger) and from our own readers, so nothing is printed and the
// report can say what it lacks.
type warnings struct {
	mu   sync.Mutex
	seen map[string]bool
	list []string
}

func (w *warnings) add(format string, a ...any) {
	msg := strings.TrimSpace(fmt.Sprintf(format, a...))
	if msg == "" {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.seen == nil {
		w.seen = map[string]bool{}
	}
	if w.seen[msg] {
		return
	}
	w.seen[msg] = true
	w.list = append(w.list, msg)
}

func (w *warnings) sorted() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := append([]string(nil), w.list...)
	sort.Strings(out)
	return out
}

// logger returns a slog.Logger for ghw whose warnings land in w, each
// prefixed with the category being collected.
func (w *warnings) logger(category string) *slog.Logger {
	return slog.New(&warnHandler{w: w, prefix: category})
}

type warnHandler struct {
	w      *warnings
	prefix string
}

func (h *warnHandler) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelWarn }

func (h *warnHandler) Handle(_ context.Context, r slog.Record) error {
	// We turn topology off on purpose (it is slow and not reported).
	if strings.Contains(r.Message, "topology detection disabled") {
		return nil
	}
	h.w.add("%s: %s", h.prefix, r.Message)
	return nil
}

func (h *warnHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *warnHandler) WithGroup(string) slog.Handler      { return h }
