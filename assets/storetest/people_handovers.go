package storetest

var handoverCases = []Case[HandoverStore]{}
