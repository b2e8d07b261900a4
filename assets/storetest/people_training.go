package storetest

var trainingCases = []Case[TrainingStore]{}
