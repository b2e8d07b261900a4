package app

import (
	"context"
	"log"
	"strings"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// PrefSharedRegister is the app preference (this computer's, not the
// register's) holding the shared register chosen in Settings: its
// postgres:// address without a password; "" = the register file.
const PrefSharedRegister = "register.shared"

// Desktop is the application before its window opens: main reads its
// preferences (which register to open) and then runs the window on it.
type Desktop struct {
	a     fyne.App
	prefs Prefs
}

// NewDesktop makes the application, with this computer's preferences in
// the file at prefsPath ("": in Fyne's preferences).
func NewDesktop(prefsPath string) *Desktop {
	prepareFyneFolders()
	healFynePreferences()
	log.SetOutput(&fyneLogFilter{out: log.Writer()})
	d := &Desktop{a: fyneapp.NewWithID(AppID)}
	d.prefs = d.a.Preferences()
	if prefsPath != "" {
		d.prefs = OpenFilePrefs(prefsPath, d.prefs)
	}
	return d
}

// SharedRegister is the shared register chosen in Settings ("" = none:
// open the register file).
func (d *Desktop) SharedRegister() string {
	return d.prefs.String(PrefSharedRegister)
}

// whoStore says who is connected to the register and their Steward role:
// readonly, technician or admin (a register file: the OS user, admin).
type whoStore interface {
	Who(ctx context.Context) (user, role string, err error)
}

// action is something a role may or may not do (UI.can).
type action int

const (
	// actEdit creates, edits, deletes or imports records.
	actEdit action = iota
	// actSettings changes the register-wide settings, policies, budget
	// settings and the licence-key passphrase (administrators only).
	actSettings
)

// can tells whether the connected person's role allows a. The window hides
// what it does not; the database refuses it anyway.
func (u *UI) can(a action) bool {
	if !u.whoRead {
		return true // a window without a register (tests of one screen)
	}
	switch u.role {
	case "admin":
		return true
	case "technician":
		return a == actEdit
	}
	return false
}

// only hides the buttons when the role may not do a (hidden stays hidden
// when a screen enables or disables the button later).
func (u *UI) only(a action, objs ...fyne.CanvasObject) {
	if u.can(a) {
		return
	}
	for _, o := range objs {
		if o != nil {
			o.Hide()
		}
	}
}

// editOnly is b, hidden when the role may not change records.
func (u *UI) editOnly(b *widget.Button) *widget.Button {
	u.only(actEdit, b)
	return b
}

// readWho asks the store who is connected, once at start. A store that
// cannot say is taken as an administrator's (the database refuses what
// it must).
func (u *UI) readWho() {
	u.whoRead, u.role = true, "admin"
	w, ok := u.svc.Store.(whoStore)
	if !ok || u.svc.Store == nil {
		return
	}
	user, role, err := w.Who(u.ctx)
	if err != nil {
		log.Printf("who is connected: %v", err)
		return
	}
	u.user, u.role = user, role
}

// roleName is the role as a person reads it.
func roleName(role string) string {
	switch role {
	case "readonly":
		return "read-only"
	case "":
		return "no Steward role"
	}
	return role
}

// whoText is who is connected, for the title and the status line:
// "ann (technician)"; on a register file only the user.
func (u *UI) whoText() string {
	if !u.shared() {
		return u.user
	}
	return u.user + " (" + roleName(u.role) + ")"
}

// shared tells whether the register is a shared one (PostgreSQL).
func (u *UI) shared() bool {
	return u.svc.Store != nil && isSharedAddress(u.svc.Store.Path())
}

func isSharedAddress(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// showWho puts who is connected in the title and beside the status line.
func (u *UI) showWho() {
	if !u.shared() {
		return
	}
	u.win.SetTitle("Steward — " + u.whoText() + " — " + u.svc.Store.Path())
	u.whoLabel.SetText("Connected as " + u.whoText())
}

// connectDialog is Settings → "Connect to a shared register…": an address,
// a password used for the test only, "Test connection" and "Use this
// register" (stored in this computer's preferences, without the password,
// and opened at the next start).
type connectDialog struct {
	ui       *UI
	address  *dialogEntry
	password *dialogEntry
	result   *widget.Label
	test     *widget.Button
	use      *widget.Button
}

func (u *UI) showConnectDialog(done func(msg string)) *connectDialog {
	c := &connectDialog{ui: u, address: formEntry("", ""), password: formPassword(""), result: widget.NewLabel("")}
	c.address.SetPlaceHolder("postgres://USER@HOST/DATABASE?sslmode=verify-full&sslrootcert=FILE")
	c.address.SetText(u.localPrefs().String(PrefSharedRegister))
	c.password.SetPlaceHolder("only if your password file (PGPASSFILE, ~/.pgpass) has none")
	c.result.Wrapping = fyne.TextWrapWord
	c.test = widget.NewButtonWithIcon("Test connection", theme.MediaPlayIcon(), c.runTest)
	c.use = widget.NewButtonWithIcon("Use this register", theme.ConfirmIcon(), func() { c.choose(done) })
	note := widget.NewLabel("The password is not saved: for the next start, keep it in your password file (PGPASSFILE, or ~/.pgpass; %APPDATA%\\postgresql\\pgpass.conf on Windows).")
	note.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(widget.NewFormItem("Address", c.address), widget.NewFormItem("Password", c.password))
	content := container.NewVBox(form, note, container.NewHBox(c.test, c.use), c.result)
	u.showCustom("Connect to a shared register", "Close", content, fyne.NewSize(640, 0))
	return c
}

// runTest connects with what the dialog holds and says what happened, in
// plain words (who and which role, or what failed).
func (c *connectDialog) runTest() {
	addr := strings.TrimSpace(c.address.Text)
	if !isSharedAddress(addr) {
		c.result.SetText("Give the register's address: postgres://USER@HOST/DATABASE")
		return
	}
	if c.ui.svc.ConnectTest == nil {
		c.result.SetText("This Steward cannot connect to a shared register.")
		return
	}
	c.result.SetText("Connecting…")
	pw := c.password.Text
	background(c.ui, func(ctx context.Context) (string, error) {
		return c.ui.svc.ConnectTest(ctx, addr, pw)
	}, func(who string, err error) {
		if err != nil {
			c.result.SetText("Could not connect: " + err.Error())
			return
		}
		c.result.SetText(who)
	})
}

// choose stores the address (without its password) in this computer's
// preferences: the next start opens it.
func (c *connectDialog) choose(done func(string)) {
	addr := strings.TrimSpace(c.address.Text)
	if !isSharedAddress(addr) {
		c.result.SetText("Give the register's address: postgres://USER@HOST/DATABASE")
		return
	}
	if c.ui.svc.WithoutPassword != nil {
		addr = c.ui.svc.WithoutPassword(addr)
	}
	c.ui.localPrefs().SetString(PrefSharedRegister, addr)
	msg := "Steward opens the shared register " + addr + " when it starts next."
	c.result.SetText(msg)
	if done != nil {
		done(msg)
	}
}

// useRegisterFile forgets the shared register: the next start opens the
// register file again.
func (u *UI) useRegisterFile() string {
	u.localPrefs().SetString(PrefSharedRegister, "")
	return "Steward opens your register file when it starts next."
}
