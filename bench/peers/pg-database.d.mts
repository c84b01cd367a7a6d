export function adminQuery(url: string, sql: string): Promise<void>;
