/** What the bot understands, as the help card lists it. The bot's command parser is the authority. */
export interface BotCommandHelp {
  usage: string;
  description: string;
}

export const BOT_COMMANDS: readonly BotCommandHelp[] = Object.freeze([
  { usage: 'help', description: 'Show this card.' },
  { usage: 'template recovery | restore | validate | export', description: 'Get an empty CSV with the right columns.' },
  { usage: 'sample recovery | restore', description: 'Get a filled-in example CSV to try the whole flow.' },
  { usage: 'status [job]', description: 'Where a job is now (your latest job if you name none).' },
  { usage: 'jobs', description: 'Recent jobs and their states.' },
  { usage: 'cancel <job>', description: 'Stop a running job after the rows in flight.' },
  { usage: 'retry <job>', description: 'Start a new job with the failed and skipped rows (approved again).' },
  { usage: 'audit <job>', description: "The job's audit trail: a summary and the full CSV." },
  { usage: 'results [job]', description: 'The summary of a job that ran, with a new link to its results.' },
  { usage: 'report [job]', description: "A new link to a job's validation report (links last an hour)." },
  { usage: 'find <name or address>', description: 'Look up inactive mailboxes, with when they were deleted.' },
  { usage: 'recover <guid|address>', description: 'Recover one inactive mailbox, step by step.' },
  { usage: 'restore <guid|address>', description: 'Restore one inactive mailbox into another, step by step.' },
  { usage: 'doctor', description: 'Check the connection to the tenant and the permissions.' },
  { usage: 'notify here', description: 'In a channel: post completion summaries to this channel.' },
]);
