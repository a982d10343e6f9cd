// xhr2 ships no types. This declares the part of its XMLHttpRequest emulation that the PACS adapter uses.
declare module 'xhr2' {
  export default class XMLHttpRequest {
    readonly readyState: number;
    readonly status: number;
    readonly statusText: string;
    open(method: string, url: string, async?: boolean): void;
    setRequestHeader(name: string, value: string): void;
    abort(): void;
    /** Calls the listeners and the on<type> handler of an event; a throwing handler throws out of here. */
    dispatchEvent(event: { readonly type: string }): void;
  }
}
