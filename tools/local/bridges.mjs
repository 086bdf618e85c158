// Generic bridges between the local Step Functions interpreter (aws-local-stepfunctions) and the local
// stack, for the service integrations it does not implement. Each Task state of a definition is bridged
// by its Resource alone, the way Step Functions itself dispatches it: nothing here knows the workflow.
import { DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { PublishCommand } from '@aws-sdk/client-sns';
import { invokeLambda } from './stack.mjs';

const DYNAMODB_COMMANDS = {
  putItem: PutItemCommand,
  getItem: GetItemCommand,
  deleteItem: DeleteItemCommand,
  updateItem: UpdateItemCommand,
};

/** Every Task state of a definition, nested Map and Parallel states included: [name, state]. */
export function taskStates(states) {
  const tasks = [];
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === 'Task') tasks.push([name, state]);
    if (state.Type === 'Map') tasks.push(...taskStates((state.ItemProcessor ?? state.Iterator).States));
    if (state.Type === 'Parallel') state.Branches.forEach((branch) => tasks.push(...taskStates(branch.States)));
  }
  return tasks;
}

/**
 * Run overrides for the interpreter: a handler per Task state, and (when retryWaitMs is set) every
 * retry's wait shortened, as the interpreter's retryIntervalOverrides allow.
 */
export function overrides(definition, { lambdaUrl, dynamo, sns, onLambdaResult, retryWaitMs }) {
  const taskResourceLocalHandlers = {};
  const retryIntervalOverrides = {};
  for (const [name, state] of taskStates(definition.States)) {
    taskResourceLocalHandlers[name] = bridge(state.Resource, { lambdaUrl, dynamo, sns, onLambdaResult });
    if (retryWaitMs !== undefined && state.Retry) retryIntervalOverrides[name] = retryWaitMs;
  }
  return { taskResourceLocalHandlers, retryIntervalOverrides };
}

function bridge(resource, { lambdaUrl, dynamo, sns, onLambdaResult }) {
  if (resource === 'arn:aws:states:::lambda:invoke') {
    return async (input) => {
      try {
        const payload = await invokeLambda(lambdaUrl, input.FunctionName, input.Payload);
        onLambdaResult?.(input, payload, null);
        // The same envelope Step Functions' Lambda integration answers with.
        return { ExecutedVersion: '$LATEST', Payload: payload, StatusCode: 200 };
      } catch (error) {
        onLambdaResult?.(input, null, error);
        throw error;
      }
    };
  }
  const dynamoOperation = resource.match(/^arn:aws:states:::dynamodb:(\w+)$/)?.[1];
  if (dynamoOperation && DYNAMODB_COMMANDS[dynamoOperation]) {
    const Command = DYNAMODB_COMMANDS[dynamoOperation];
    return async (input) => {
      try {
        const { $metadata, ...output } = await dynamo.send(new Command(input));
        return output;
      } catch (error) {
        // Step Functions names service errors "DynamoDB.<exception>" so Retry and Catch can match them.
        throw named(`DynamoDB.${error.name}`, error.message);
      }
    };
  }
  if (resource === 'arn:aws:states:::sns:publish') {
    return async (input) => {
      try {
        const { MessageId } = await sns.send(new PublishCommand(input));
        return { MessageId };
      } catch (error) {
        throw named(`SNS.${error.name}`, error.message);
      }
    };
  }
  return async () => {
    throw named('States.Runtime', `the local runner has no bridge for ${resource}`);
  };
}

function named(name, message) {
  const error = new Error(message);
  error.name = name;
  return error;
}
