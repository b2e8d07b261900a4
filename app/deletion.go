package app

import (
	"context"
	"fmt"

	"steward/assets"
)

// deletionStore says what a deletion would touch (confirmDelete).
type deletionStore interface {
	DeletionImpact(ctx context.Context, entity string, id int64) (assets.Impact, error)
}

// deletion is one record the person asked to delete.
type deletion struct {
	entity string // "contract", "task", ... (the store's impact rules)
	id     int64
	noun   string // "contract", as the dialog says it
	// del deletes it; done runs after a successful deletion (refresh).
	del  func(ctx context.Context) error
	done func()
	// refused, when set, is offered instead of the deletion when the
	// record cannot go (a person who still holds equipment).
	refused func(im assets.Impact)
}

// confirmDelete asks before deleting, naming what else the deletion
// touches ("3 assets lose this contract"); a refused deletion says why.
// Afterwards the status line says what was deleted.
func (u *UI) confirmDelete(d deletion) {
	background(u, func(ctx context.Context) (assets.Impact, error) {
		return u.svc.Store.DeletionImpact(ctx, d.entity, d.id)
	}, func(im assets.Impact, err error) {
		if err != nil {
			u.showError("Could not delete the "+d.noun, err)
			return
		}
		if im.Blocked() {
			if d.refused != nil {
				d.refused(im)
				return
			}
			u.showInfo("Cannot delete "+im.Name, im.BlockText())
			return
		}
		msg := fmt.Sprintf("Delete the %s %s?\n\n%s\n\nIts history is kept.", d.noun, im.Name, im.Text())
		u.showConfirm("Delete "+d.noun, msg, "Delete", true, func() {
			background(u, func(ctx context.Context) (struct{}, error) {
				return struct{}{}, d.del(ctx)
			}, func(_ struct{}, err error) {
				if err != nil {
					u.showError("Could not delete the "+d.noun+" "+im.Name, err)
					return
				}
				u.say("Deleted the %s %s.", d.noun, im.Name)
				if d.done != nil {
					d.done()
				}
			})
		})
	})
}
