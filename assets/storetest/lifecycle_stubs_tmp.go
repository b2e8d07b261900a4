package storetest

var budgetCases = []Case[BudgetStore]{}
var keyCases = []Case[KeyStore]{}
