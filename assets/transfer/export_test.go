package transfer

// SetKeepRows changes how many parsed rows an asset import keeps for its
// write (longer files are read twice) until the returned function restores
// it.
func SetKeepRows(n int) (restore func()) {
	old := keepRows
	keepRows = n
	return func() { keepRows = old }
}
