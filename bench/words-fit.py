#!/usr/bin/env python3
"""Whether a real voice fits the plan: every built-in's texts at its shortest length, said
by espeak-ng at the program's rate a sentence at a time (silence trimmed, 0.7 s between
sentences, as the program does), against the room each has.

Usage: bench/words-fit.py ROUTINE ...   (needs espeak-ng and a release build)

Prints a line for each step's words that would run past the step (the words before a wait
until ready are left out: nothing cuts them) and each ending that would not finish before
its hold ends, then "ROUTINE checked".
"""
import warnings
warnings.filterwarnings("ignore", category=DeprecationWarning)
import json, subprocess, wave, sys, os
from pathlib import Path
B=str(Path(__file__).resolve().parent.parent / 'target' / 'release' / 'psoas-timer')
SCRATCH='/tmp/psoas-words-fit.wav'
cache={}
def say_ms(s):
    if s in cache: return cache[s]
    subprocess.run(['espeak-ng','-s','105','-w',SCRATCH,s],check=True)
    # trim silence like the program does (threshold 0.002)
    import audioop
    w=wave.open(SCRATCH); fr=w.readframes(w.getnframes()); rate=w.getframerate(); w.close()
    n=len(fr)//2
    import array; a=array.array('h',fr)
    th=0.002*32768
    st=next((i for i,x in enumerate(a) if abs(x)>th),n); en=max((i for i,x in enumerate(a) if abs(x)>th),default=st)
    ms=(en-st+1)*1000/rate
    cache[s]=ms; return ms
def sentences(t):
    out=[];cur=[]
    for w in t.split():
        cur.append(w)
        if w.rstrip('"\')').endswith(('.','!','?',';')): out.append(' '.join(cur));cur=[]
    if cur: out.append(' '.join(cur))
    return out
def real(t):
    ss=sentences(t); return sum(say_ms(s) for s in ss)+700*(len(ss)-1), ss
for r in sys.argv[1:]:
    info=json.loads(subprocess.run([B,'show',r,'--format','json'],capture_output=True,text=True).stdout)
    rng=info['routine']['length']
    args=['--for',f"{rng['min_ms']//1000}s"] if rng else []
    tl=json.loads(subprocess.run([B,'show',r,'--format','json',*args],capture_output=True,text=True).stdout)['timeline']
    for i,s in enumerate(tl['segments']):
        words=s['title'].rstrip('.:')+'. '+' '.join(s['text'].split()) if s['text'].strip() else s['title']+'.'
        delay=2500 if i==0 else 1200
        room=s['end_ms']-250-(s['start_ms']+delay)
        ms,ss=real(words)
        if ms>room and i>0: print(f"{r} min: part {i+1} {s['title']!r}: words {ms/1000:.1f}s, room {room/1000:.1f}s")
        for c in tl['cues']:
            if c['segment']==i and c['cue']=='speak' and c.get('said')=='ending':
                ems,_=real(s['ending']); eroom=s['end_ms']-250-c['at_ms']
                if ems>eroom: print(f"{r}: ending of {s['title']!r}: {ems/1000:.1f}s, room {eroom/1000:.1f}s")
    print(r,'checked')
