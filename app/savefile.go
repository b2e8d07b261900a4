package app

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets/safefile"
)

// Every file the window writes (exports, reports, audit reports) is placed
// here: a folder picker and a file name, never Fyne's save dialog. That one
// creates, and so empties, the chosen file before Steward sees the path:
// picking the register by mistake would destroy it. The path must pass
// safefile.ForRegister before anything is opened, and the file is written
// whole through a temporary file renamed into place.

// savedMode is the mode of files the window writes: they hold names, serial
// numbers and costs (as the command line's outputMode).
const savedMode = 0o600

// pathStore says where the register's file is (files the window writes must
// not overwrite it).
type pathStore interface {
	Path() string
}

// saveTarget is where a file goes: a folder and a file name.
type saveTarget struct {
	ui     *UI
	folder *widget.Label
	name   *widget.Entry
}

// newSaveTarget offers name in the folder the person last saved to.
func newSaveTarget(u *UI, name string) *saveTarget {
	t := &saveTarget{ui: u, folder: widget.NewLabel(u.saveFolder()), name: widget.NewEntry()}
	t.folder.Truncation = fyne.TextTruncateEllipsis
	t.name.SetText(name)
	return t
}

// saveFolder is the folder last chosen for a file, at first Documents (or
// home when there is none).
func (u *UI) saveFolder() string {
	if u.saveDir == "" {
		u.saveDir = defaultSaveFolder()
	}
	return u.saveDir
}

// defaultSaveFolder is the Documents folder if there is one, else home.
func defaultSaveFolder() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return "."
	}
	if st, err := os.Stat(filepath.Join(home, "Documents")); err == nil && st.IsDir() {
		return filepath.Join(home, "Documents")
	}
	return home
}

// folderRow is the folder with the button that changes it.
func (t *saveTarget) folderRow() fyne.CanvasObject {
	pick := widget.NewButtonWithIcon("Folder…", theme.FolderOpenIcon(), t.chooseFolder)
	return container.NewBorder(nil, nil, nil, pick, t.folder)
}

// formItems are the target's fields for a form.
func (t *saveTarget) formItems() []*widget.FormItem {
	return []*widget.FormItem{
		widget.NewFormItem("To folder", t.folderRow()),
		widget.NewFormItem("File name", t.name),
	}
}

// chooseFolder picks the folder with a folder dialog, which opens nothing
// for writing.
func (t *saveTarget) chooseFolder() {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil {
			t.ui.showError("Could not open the folder", err)
			return
		}
		if l != nil {
			t.folder.SetText(l.Path())
			t.ui.saveDir = l.Path()
		}
	}, t.ui.win)
	if l, err := storage.ListerForURI(storage.NewFileURI(t.folder.Text)); err == nil {
		d.SetLocation(l)
	}
	d.Show()
	d.Resize(fyne.NewSize(760, 520))
}

// path is the file named: the name in the folder, or the name itself when
// it is a full path.
func (t *saveTarget) path() (string, error) {
	name := strings.TrimSpace(t.name.Text)
	if name == "" {
		return "", errors.New("type a file name")
	}
	if filepath.IsAbs(name) {
		return name, nil
	}
	return filepath.Join(t.folder.Text, name), nil
}

// confirm checks the target against the register's rules (never the
// register, its journal files or its backups; never another database),
// asks before replacing an existing file, then hands the path to write.
// A refusal is shown as failed, in plain words, and nothing is opened.
func (t *saveTarget) confirm(failed string, write func(path string)) {
	path, err := t.path()
	if err == nil {
		err = t.ui.saveRules().Check(path)
	}
	if err != nil {
		t.ui.showError(failed, err)
		return
	}
	t.ui.saveDir = filepath.Dir(path)
	if _, err := os.Stat(path); err == nil {
		t.ui.showConfirm("Replace "+filepath.Base(path)+"?", path+" already exists. Replace it?", "Replace", true, func() { write(path) })
		return
	}
	write(path)
}

// saveRules are the paths the window may not write while the register is
// open.
func (u *UI) saveRules() safefile.Rules {
	return safefile.ForRegister(u.svc.Store.Path(), false)
}

// askSave asks for a folder and file name (name offered) in a dialog
// titled title, then confirms the target as above.
func (u *UI) askSave(title, name, failed string, write func(path string)) {
	t := newSaveTarget(u, name)
	form := widget.NewForm(t.formItems()...)
	d := u.showCustomConfirm(title, "Save", form, func(ok bool) {
		if ok {
			t.confirm(failed, write)
		}
	})
	d.Resize(fyne.NewSize(560, 0))
}

// saveFile writes path off the UI goroutine: fill's output goes to a
// temporary file in the same folder (mode savedMode), renamed over path
// only when whole; the rules are checked again as it is created.
func saveFile(u *UI, path string, fill func(ctx context.Context, w io.Writer) error, done func(err error)) {
	rules := u.saveRules()
	background(u, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, safefile.Write(path, savedMode, rules, func(w io.Writer) error {
			return fill(ctx, w)
		})
	}, func(_ struct{}, err error) { done(err) })
}
