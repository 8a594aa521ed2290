import { CredentialsError, parseCredentials } from "./credentials";

describe("parseCredentials", () => {
  test("reads name:secret pairs, ignoring blanks around entries", () => {
    expect(parseCredentials(" ada:pw1 , bob:p:w2,", "auth.basicUsers")).toEqual(
      new Map([
        ["ada", "pw1"],
        ["bob", "p:w2"],
      ]),
    );
  });

  test("ignores ASCII blanks only, as the gateway's shell does: a no-break space is part of the secret", () => {
    expect(parseCredentials("\tada:pw\u00a0\r\n", "auth.basicUsers")).toEqual(new Map([["ada", "pw\u00a0"]]));
  });

  test("names the bad entry, never its secret", () => {
    expect(() => parseCredentials("ada:pw1,s3cret", "auth.basicUsers")).toThrow(
      new CredentialsError(
        "Setting auth.basicUsers: entry 2 must be name:secret, the name made of letters, digits and . _ @ -",
      ),
    );
    expect(() => parseCredentials("ada:", "auth.basicUsers")).toThrow(/entry 1 must be name:secret/);
    expect(() => parseCredentials("a b:pw", "auth.basicUsers")).toThrow(/entry 1 must be name:secret/);
  });

  test("refuses a name listed twice", () => {
    expect(() => parseCredentials("ada:pw1,ada:pw2", "auth.basicUsers")).toThrow(
      new CredentialsError("Setting auth.basicUsers: ada is listed twice"),
    );
  });
});
