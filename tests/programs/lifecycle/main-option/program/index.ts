/** The lifecycle program, started from the folder Pulumi.yaml `main` names (see ../Pulumi.yaml). */
export * from "../../index";
/** Where the program ran: the CLI makes the `main` folder the program's working directory. */
export const programCwd = process.cwd();
